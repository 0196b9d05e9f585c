package io.tcpfleet.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tally of one host's socket table at one moment: immutable.
 *
 * @param states     sockets per state
 * @param ipv4       sockets listed in /proc/net/tcp rows with IPv4 addresses
 * @param ipv6       sockets with IPv6 addresses (IPv4-mapped ones included)
 * @param ports      every local port that has a listener, ascending; empty for a states-only tally
 * @param peers      the top N remote endpoints by socket count, largest first; empty for a
 *                   states-only tally
 * @param otherPeers everything outside the top N summed, so that nothing is silently dropped;
 *                   {@code null} when there is none
 * @param parse      what the parser saw (bytes, lines, malformed lines)
 */
public record SocketTally(StateCounts states, long ipv4, long ipv6, List<PortTally> ports,
                          List<PeerTally> peers, PeerTally otherPeers, ParseStats parse) {

    public SocketTally {
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(parse, "parse");
        ports = List.copyOf(ports);
        peers = List.copyOf(peers);
    }

    public long total() {
        return states.total();
    }

    public long get(TcpState state) {
        return states.get(state);
    }

    public Optional<PortTally> port(int port) {
        return ports.stream().filter(p -> p.port() == port).findFirst();
    }
}
