package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/** FIN_WAIT2, LAST_ACK, CLOSING pile-ups: closes that do not finish. */
final class StuckCloseRule implements Rule {

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        SocketTally tally = latest.tally();
        List<Finding> out = new ArrayList<>();
        for (TcpState s : List.of(TcpState.FIN_WAIT2, TcpState.LAST_ACK, TcpState.CLOSING)) {
            long n = tally.get(s);
            if (n < t.stuck()) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            evidence.add(n + " " + s + " of " + tally.total() + " sockets");
            Evidence.topPort(tally, s).ifPresent(p -> evidence.add(p.states().get(s) + " ("
                    + Evidence.share(p.states().get(s), n) + ") on local port " + p.port()));
            Evidence.topPeer(tally, s, p -> !p.isOther()).ifPresent(p -> evidence.add(p.states().get(s) + " ("
                    + Evidence.share(p.states().get(s), n) + ") with " + p.endpoint()));
            String cause = switch (s) {
                case FIN_WAIT2 -> "this host closed, the peers never sent their FIN (peers that keep half-closed"
                        + " connections open, or that vanished)";
                case LAST_ACK -> "the peer closed, this host answered with its FIN, and the final ACK is lost"
                        + " (packet loss or a stuck peer)";
                default -> "both sides closed at once and the ACKs are lost (packet loss)";
            };
            out.add(new Finding(latest.host().name(), Severity.WARNING, s.name(), "stuck-" + s.name().toLowerCase(java.util.Locale.ROOT),
                    n + " sockets stuck in " + s + Evidence.topPort(tally, s).map(PortTally::port).map(p -> " on port " + p).orElse(""),
                    evidence, cause,
                    s == TcpState.FIN_WAIT2
                            ? List.of("orphaned FIN_WAIT2 sockets end after net.ipv4.tcp_fin_timeout (60 s)",
                            "check why the peers do not close (their idle handling, or a middlebox dropping FINs)")
                            : List.of("check packet loss on the path (retransmits in nstat, interface errors)",
                            "a firewall or load balancer that forgets connections early causes this")));
        }
        return out;
    }
}
