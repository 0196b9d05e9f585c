package io.tcpfleet.cli.output;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples as rows, the one layout of the table and CSV views of {@code poll}, {@code tally},
 * {@code report} and {@code history}: leading columns, one per state, TOTAL, then the error or note.
 * CSV keys are the contract's names ({@code ESTABLISHED}, {@code age_seconds}); table headings
 * are short enough for a terminal.
 */
public final class SampleRows {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private SampleRows() {
    }

    /** One row per host. */
    public static Rows fleet(List<PollResult> results, Freshness freshness) {
        List<Rows.Column> lead = List.of(Rows.Column.text("host", "HOST"), Rows.Column.text("address", "ADDRESS"),
                Rows.Column.text("status", "STATUS"), Rows.Column.text("polled_at", "POLLED"),
                Rows.Column.seconds("age_seconds", "AGE"), Rows.Column.flag("stale", "STALE"),
                Rows.Column.number("duration_ms", null));
        return rows(lead, results, freshness, (r, stale) -> List.of(r.host().name(), r.host().address(),
                r.status().name(), TIME.format(r.polledAt()), freshness.ageSeconds(r), stale, r.duration().toMillis()));
    }

    /** One row per sample of one host, oldest first. */
    public static Rows history(List<PollResult> samples, Freshness freshness) {
        List<Rows.Column> lead = List.of(Rows.Column.text("polled_at", "TIME"), Rows.Column.text("status", "STATUS"));
        return rows(lead, samples, freshness, (r, stale) -> List.of(TIME.format(r.polledAt()), r.status().name()));
    }

    private interface Lead {
        List<Object> values(PollResult r, boolean stale);
    }

    private static Rows rows(List<Rows.Column> lead, List<PollResult> results, Freshness freshness, Lead values) {
        List<Rows.Column> columns = new ArrayList<>(lead);
        for (TcpState s : TcpState.values()) {
            columns.add(Rows.Column.number(s.name(), Columns.shortName(s)));
        }
        columns.add(Rows.Column.number("ipv4", null));
        columns.add(Rows.Column.number("ipv6", null));
        columns.add(Rows.Column.text("error", "ERROR"));
        Rows.Builder b = Rows.with(columns);
        for (PollResult r : results) {
            List<Object> row = new ArrayList<>(values.values(r, freshness.stale(r)));
            SocketTally t = r.tally();
            for (TcpState s : TcpState.values()) {
                row.add(t == null ? null : t.get(s));
            }
            row.add(t == null ? null : t.ipv4());
            row.add(t == null ? null : t.ipv6());
            row.add(r.error() != null ? r.error() : r.note());
            b.add(row);
        }
        return b.build();
    }
}
