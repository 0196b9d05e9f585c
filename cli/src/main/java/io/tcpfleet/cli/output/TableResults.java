package io.tcpfleet.cli.output;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Results as aligned text for people. */
public final class TableResults {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private TableResults() {
    }

    /** One row per host with every state; failed hosts show their class and error. */
    public static void fleet(List<PollResult> results, PrintStream out) {
        stateTable(List.of("HOST", "STATUS", "POLLED"), results,
                r -> List.of(r.host().name(), r.status().name(), TIME.format(r.polledAt())), out);
    }

    /** One row per sample of one host, oldest first. */
    public static void history(List<PollResult> samples, PrintStream out) {
        stateTable(List.of("TIME", "STATUS"), samples,
                r -> List.of(TIME.format(r.polledAt()), r.status().name()), out);
    }

    /** Leading text columns, a column per state and TOTAL, then the error or note. */
    private static void stateTable(List<String> lead, List<PollResult> results,
                                   Function<PollResult, List<String>> leadValues, PrintStream out) {
        List<String> header = new ArrayList<>(lead);
        Columns.STATES.forEach(s -> header.add(Columns.shortName(s)));
        header.add("TOTAL");
        header.add("ERROR");
        boolean[] numeric = new boolean[header.size()];
        for (int c = lead.size(); c < header.size() - 1; c++) {
            numeric[c] = true;
        }
        TextTable table = new TextTable(header, numeric);
        for (PollResult r : results) {
            List<String> row = new ArrayList<>(leadValues.apply(r));
            SocketTally t = r.tally();
            for (TcpState s : Columns.STATES) {
                row.add(t == null ? null : Long.toString(t.get(s)));
            }
            row.add(t == null ? null : Long.toString(t.total()));
            row.add(r.error() != null ? r.error() : r.note() != null ? r.note() : "");
            table.add(row);
        }
        table.print(out);
    }

    /** A single host's listening ports and top peers, below its fleet row. */
    public static void details(PollResult r, PrintStream out) {
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
