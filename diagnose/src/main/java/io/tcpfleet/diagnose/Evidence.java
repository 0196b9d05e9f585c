package io.tcpfleet.diagnose;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** Who is responsible for a state's sockets: the local port or the remote peer holding the most. */
final class Evidence {

    private Evidence() {
    }

    static Optional<PortTally> topPort(SocketTally t, TcpState s) {
        return t.ports().stream().filter(p -> p.states().get(s) > 0)
                .max(Comparator.comparingLong((PortTally p) -> p.states().get(s)));
    }

    static Optional<PeerTally> topPeer(SocketTally t, TcpState s, Predicate<PeerTally> which) {
        return t.peers().stream().filter(which).filter(p -> p.states().get(s) > 0)
                .max(Comparator.comparingLong((PeerTally p) -> p.states().get(s)));
    }

    /** Distinct peers with sockets in {@code s}: the named ones, plus at least one per such socket in "other". */
    static long distinctPeers(SocketTally t, TcpState s, Predicate<PeerTally> which) {
        long named = t.peers().stream().filter(which).filter(p -> p.states().get(s) > 0).count();
        PeerTally other = t.otherPeers();
        long rest = other == null ? 0 : Math.min(other.peers(), other.states().get(s));
        return named + rest;
    }

    static String share(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
