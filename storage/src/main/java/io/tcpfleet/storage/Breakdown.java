package io.tcpfleet.storage;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sample's per-port and per-peer counts, and the deadband that decides when history stores a new
 * one. The latest breakdown of every host is always stored exactly (reports and diagnose read it);
 * history keeps a new breakdown only when some count moved by more than {@value #ABSOLUTE} sockets
 * and {@value #RELATIVE_PERCENT}% of its stored value, when a port or peer of that size came or
 * went, when the stored one is {@link #MAX_AGE} old, or on a new UTC day (so that a day's samples
 * point only into that day, and retention can drop days whole). Between those, a sample points to
 * the last breakdown stored, which is within the deadband of its own.
 *
 * @param ports ascending by port
 * @param peers largest first
 * @param other everything outside the top peers summed, or {@code null}
 */
record Breakdown(List<PortTally> ports, List<PeerTally> peers, PeerTally other) {

    static final long ABSOLUTE = 5;
    static final long RELATIVE_PERCENT = 10;
    static final Duration MAX_AGE = Duration.ofHours(1);

    Breakdown {
        ports = List.copyOf(ports);
        peers = List.copyOf(peers);
    }

    static Breakdown of(SocketTally t) {
        return new Breakdown(t.ports(), t.peers(), t.otherPeers());
    }

    /** The tally with these ports and peers in place of its own. */
    SocketTally attachTo(SocketTally t) {
        return new SocketTally(t.states(), t.ipv4(), t.ipv6(), ports, peers, other, t.parse());
    }

    /** Whether history should store {@code now}, polled at {@code at}, after {@code stored} of {@code storedAt}. */
    static boolean worthStoring(Breakdown stored, Instant storedAt, Breakdown now, Instant at) {
        if (stored == null || storedAt == null) {
            return true;
        }
        Duration age = Duration.between(storedAt, at);
        return age.isNegative() || age.compareTo(MAX_AGE) >= 0 || !Dialect.day(storedAt).equals(Dialect.day(at))
                || stored.differsBeyondDeadband(now);
    }

    boolean differsBeyondDeadband(Breakdown now) {
        Map<Object, long[]> mine = figures();
        Map<Object, long[]> theirs = now.figures();
        Set<Object> keys = new HashSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        long[] none = new long[TcpState.COUNT + 2];
        for (Object k : keys) {
            long[] a = mine.getOrDefault(k, none);
            long[] b = theirs.getOrDefault(k, none);
            for (int i = 0; i < a.length; i++) {
                if (Math.abs(a[i] - b[i]) > Math.max(ABSOLUTE, a[i] * RELATIVE_PERCENT / 100)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every count by the key of its port or peer: the states, then listeners and accept queue, or the peer count. */
    private Map<Object, long[]> figures() {
        Map<Object, long[]> m = new HashMap<>();
        for (PortTally p : ports) {
            m.put(p.port(), with(p.states(), p.listeners(), p.acceptQueue()));
        }
        for (PeerTally p : peers) {
            m.put(peerKey(p), with(p.states(), p.peers(), 0));
        }
        if (other != null) {
            m.put(OTHER_PEERS, with(other.states(), other.peers(), 0));
        }
        return m;
    }

    private static long[] with(StateCounts s, long a, long b) {
        long[] c = java.util.Arrays.copyOf(s.toArray(), TcpState.COUNT + 2);
        c[TcpState.COUNT] = a;
        c[TcpState.COUNT + 1] = b;
        return c;
    }

    /**
     * A peer's key among the ports (Integer keys): a String, not a record, because a record's
     * first hashCode bootstraps method handles, ~10 ms of a one-shot poll's critical path.
     */
    private static String peerKey(PeerTally p) {
        return (p.inbound() ? "in " : "out ") + p.address() + " " + p.port();
    }

    private static final String OTHER_PEERS = "other";
}
