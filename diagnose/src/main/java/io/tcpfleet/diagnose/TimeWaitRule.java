package io.tcpfleet.diagnose;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TIME_WAIT: the side that closes first keeps it for 60 s. Many of them toward one remote ip:port
 * means short-lived outbound connections without reuse, and each holds a local port toward that
 * peer: the ephemeral range can run out. Many on a local listening port means the server closes
 * first.
 */
final class TimeWaitRule implements Rule {

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        SocketTally tally = latest.tally();
        long tw = tally.get(TcpState.TIME_WAIT);
        List<Finding> out = new ArrayList<>();
        String host = latest.host().name();
        Optional<PeerTally> peer = Evidence.topPeer(tally, TcpState.TIME_WAIT, p -> !p.inbound() && !p.isOther());
        if (peer.isPresent()) {
            PeerTally p = peer.get();
            long toPeer = p.states().get(TcpState.TIME_WAIT) + p.states().get(TcpState.ESTABLISHED)
                    + p.states().get(TcpState.SYN_SENT);
            double used = (double) toPeer / t.ephemeralPorts();
            if (used >= t.peerPortShare()) {
                out.add(new Finding(host, used >= 2 * t.peerPortShare() ? Severity.CRITICAL : Severity.WARNING, "TIME_WAIT",
                        "time-wait-port-exhaustion",
                        "connections to " + p.endpoint() + " hold " + Evidence.share(toPeer, t.ephemeralPorts())
                                + " of the local port range",
                        List.of(p.states().get(TcpState.TIME_WAIT) + " TIME_WAIT + " + p.states().get(TcpState.ESTABLISHED)
                                        + " ESTABLISHED + " + p.states().get(TcpState.SYN_SENT) + " SYN_SENT toward " + p.endpoint(),
                                "each holds one of the " + t.ephemeralPorts() + " local ports this host can use toward that"
                                        + " ip:port; at 100% new connections to it fail (EADDRNOTAVAIL)"),
                        "short-lived outbound connections to " + p.endpoint() + " are opened and closed by this host"
                                + " without reuse",
                        advice(false)));
            }
        }
        if (tw < t.timeWait()) {
            return out;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(tw + " TIME_WAIT of " + tally.total() + " sockets");
        boolean serverCloses = false;
        if (peer.isPresent()) {
            long n = peer.get().states().get(TcpState.TIME_WAIT);
            evidence.add(n + " (" + Evidence.share(n, tw) + ") toward " + peer.get().endpoint() + " (outbound: this host closes first)");
        }
        Optional<PortTally> port = Evidence.topPort(tally, TcpState.TIME_WAIT);
        if (port.isPresent()) {
            long n = port.get().states().get(TcpState.TIME_WAIT);
            evidence.add(n + " (" + Evidence.share(n, tw) + ") on local port " + port.get().port()
                    + " (inbound: the server closes first)");
            serverCloses = peer.isEmpty() || n > peer.get().states().get(TcpState.TIME_WAIT);
        }
        out.add(new Finding(host, Severity.WARNING, "TIME_WAIT", "time-wait",
                tw + " sockets in TIME_WAIT" + (serverCloses && port.isPresent() ? " on port " + port.get().port()
                        : peer.map(p -> " toward " + p.endpoint()).orElse("")),
                evidence,
                serverCloses ? "the service on port " + port.map(PortTally::port).orElse(0)
                        + " closes connections before its clients do (each close leaves 60 s of TIME_WAIT here)"
                        : "many short-lived connections closed by this host first",
                advice(serverCloses)));
        return out;
    }

    static List<String> advice(boolean serverCloses) {
        List<String> a = new ArrayList<>();
        if (serverCloses) {
            a.add("let clients close first: enable HTTP keep-alive, avoid closing idle client connections from the server");
        } else {
            a.add("reuse connections: keep-alive or a connection pool toward that peer");
            a.add("net.ipv4.tcp_tw_reuse=1 lets new outgoing connections reuse TIME_WAIT ports safely");
            a.add("widen net.ipv4.ip_local_port_range (e.g. 15000 65000) for more ports per peer");
        }
        a.add("never use net.ipv4.tcp_tw_recycle: it breaks clients behind NAT and was removed in Linux 4.12");
        return a;
    }
}
