package io.tcpfleet.storage;

import java.time.Instant;

/**
 * One collector's row in {@code tcpfleet_node}: who it is, where its API answers, which inventory
 * it read (a fingerprint, so that nodes can tell when their copies differ) and when it last
 * heartbeat, by the database's clock.
 */
public record ClusterMember(String name, String apiUrl, String inventory, int hosts, Instant startedAt, Instant heartbeat) {
}
