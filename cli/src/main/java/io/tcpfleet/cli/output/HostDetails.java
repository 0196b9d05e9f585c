package io.tcpfleet.cli.output;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A single host's listening ports and top peers, printed below its row in the table view. */
final class HostDetails {

    private HostDetails() {
    }

    static void print(PollResult r, PrintWriter out) {
        SocketTally t = r.tally();
        if (t == null) {
            return;
        }
        out.println();
        if (t.parse().malformed() > 0) {
            out.printf("%d malformed line(s) skipped; first at line %d: %s%n", t.parse().malformed(),
                    t.parse().firstBadLine(), t.parse().firstBadReason());
            out.println();
        }
        if (!t.ports().isEmpty()) {
            TextTable ports = new TextTable(List.of("PORT", "LISTENERS", "ACCEPT_Q", "ESTAB", "SYN_R",
                    "TIME_W", "CLOSE_W", "CONNECTIONS"), new boolean[] {true, true, true, true, true, true, true, true});
            for (PortTally p : t.ports()) {
                ports.add(List.of(Integer.toString(p.port()), Integer.toString(p.listeners()),
                        Long.toString(p.acceptQueue()), n(p.states().get(TcpState.ESTABLISHED)),
                        n(p.states().get(TcpState.SYN_RECV)), n(p.states().get(TcpState.TIME_WAIT)),
                        n(p.states().get(TcpState.CLOSE_WAIT)), n(p.connections())));
            }
            out.println("Listening ports of " + r.host().name() + ":");
            ports.print(out);
            out.println();
        }
        List<PeerTally> peers = new ArrayList<>(t.peers());
        if (t.otherPeers() != null) {
            peers.add(t.otherPeers());
        }
        if (!peers.isEmpty()) {
            TextTable table = new TextTable(List.of("PEER", "DIR", "ESTAB", "TIME_W", "CLOSE_W", "SYN_S",
                    "TOTAL"), new boolean[] {false, false, true, true, true, true, true});
            long missed = 0;
            for (PeerTally p : peers) {
                missed = Math.max(missed, p.missedAtMost());
                String endpoint = p.isOther() ? "other (" + (p.peersEstimated() ? "~" : "") + p.peers() + " peers)"
                        : p.exact() ? p.endpoint() : p.endpoint() + " *";
                table.add(List.of(endpoint, p.isOther() ? "" : p.inbound() ? "in" : "out",
                        n(p.states().get(TcpState.ESTABLISHED)), n(p.states().get(TcpState.TIME_WAIT)),
                        n(p.states().get(TcpState.CLOSE_WAIT)), n(p.states().get(TcpState.SYN_SENT)),
                        n(p.states().total())));
            }
            out.println("Top peers of " + r.host().name() + ":");
            table.print(out);
            if (missed > 0) {
                out.println("* counted since first tracked: up to " + missed + " earlier socket(s) of it may be in other");
            }
        }
    }

    private static String n(long v) {
        return Long.toString(v);
    }

}
