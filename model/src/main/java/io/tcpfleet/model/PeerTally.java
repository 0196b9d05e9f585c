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
 * <p>What is exact: a named peer's {@code states} are sockets it really holds, never more. When
 * {@code missedAtMost} is 0 they are all of them. The "other" bucket's {@code states} are exactly
 * the sockets not counted under a named peer. Only the number of distinct peers in "other" may be
 * an estimate ({@code peersEstimated}).
 *
 * @param address        remote address, IPv4-mapped IPv6 addresses shown as plain IPv4; {@code null}
 *                       for the "other" bucket that sums every peer outside the top N
 * @param port           remote port for outbound peers, 0 for inbound clients and for "other"
 * @param inbound        whether these are connections to one of this host's listeners
 * @param peers          number of distinct peers summed here: 1, or the size of the "other" bucket
 * @param states         sockets per state
 * @param missedAtMost   0 if {@code states} are certainly all of this peer's sockets; otherwise up
 *                       to this many more were seen before the peer was tracked and are counted in
 *                       "other" (a bounded peer table on a host with very many peers)
 * @param peersEstimated whether {@code peers} is an estimate (the "other" bucket of such a host)
 */
public record PeerTally(String address, int port, boolean inbound, long peers, StateCounts states,
                        long missedAtMost, boolean peersEstimated) {

    public PeerTally {
        Objects.requireNonNull(states, "states");
        if (missedAtMost < 0) {
            throw new IllegalArgumentException("missedAtMost < 0: " + missedAtMost);
        }
    }

    /** An exactly counted peer or bucket. */
    public PeerTally(String address, int port, boolean inbound, long peers, StateCounts states) {
        this(address, port, inbound, peers, states, 0, false);
    }

    public boolean isOther() {
        return address == null;
    }

    /** Whether {@code states} are certainly all of this peer's sockets. */
    public boolean exact() {
        return missedAtMost == 0;
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
