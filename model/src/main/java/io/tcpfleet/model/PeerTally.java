package io.tcpfleet.model;

import java.util.Objects;

/**
 * Sockets toward one remote endpoint.
 *
 * <p>Connections whose local port has a listener are <em>inbound</em>: the peer is a client and is
 * keyed by its address alone ({@code port} 0), since its source ports are ephemeral. All other
 * connections are <em>outbound</em> and keyed by the remote address and port, the service this
 * host talks to — the key that tells which remote a TIME_WAIT pile belongs to.
 *
 * @param address remote address, IPv4-mapped IPv6 addresses shown as plain IPv4; {@code null} for
 *                the "other" bucket that sums every peer outside the top N
 * @param port    remote port for outbound peers, 0 for inbound clients and for "other"
 * @param inbound whether these are connections to one of this host's listeners
 * @param peers   number of distinct peers summed here: 1, or the size of the "other" bucket
 * @param states  sockets per state
 */
public record PeerTally(String address, int port, boolean inbound, long peers, StateCounts states) {

    public PeerTally {
        Objects.requireNonNull(states, "states");
    }

    public boolean isOther() {
        return address == null;
    }

    /** {@code 10.0.0.5:5432}, {@code [2001:db8::1]:443}, {@code 10.0.0.9} (inbound), or {@code other}. */
    public String endpoint() {
        if (address == null) {
            return "other";
        }
        if (port == 0) {
            return address;
        }
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
