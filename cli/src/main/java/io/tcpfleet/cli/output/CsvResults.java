package io.tcpfleet.cli.output;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.io.PrintStream;
import java.util.List;

/** Results as RFC 4180 CSV: a header, then one row per host or sample. */
public final class CsvResults {

    private CsvResults() {
    }

    public static void write(List<PollResult> results, PrintStream out) {
        StringBuilder b = new StringBuilder("host,address,status,polled_at,duration_ms");
        for (TcpState s : Columns.STATES) {
            b.append(',').append(s.name());
        }
        b.append(",TOTAL,ipv4,ipv6,error");
        out.println(b);
        for (PollResult r : results) {
            b.setLength(0);
            b.append(quote(r.host().name())).append(',').append(quote(r.host().address())).append(',')
                    .append(r.status().name()).append(',').append(r.polledAt()).append(',')
                    .append(r.duration().toMillis());
            SocketTally t = r.tally();
            for (TcpState s : Columns.STATES) {
                b.append(',').append(t == null ? "" : Long.toString(t.get(s)));
            }
            b.append(',').append(t == null ? "" : Long.toString(t.total()));
            b.append(',').append(t == null ? "" : Long.toString(t.ipv4()));
            b.append(',').append(t == null ? "" : Long.toString(t.ipv6()));
            b.append(',').append(quote(r.error()));
            out.println(b);
        }
    }

    static String quote(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
