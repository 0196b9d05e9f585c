package io.tcpfleet.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.model.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Diagnose findings: grouped text for people, {@code {"hosts_checked", "findings": [...]}} for
 * programs, one row per finding in CSV (evidence and advice joined with {@code "; "}).
 */
public final class FindingsPrinter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsPrinter() {
    }

    /** {@code findings} already ordered (by host, worst first). */
    public static void print(OutputFormat format, List<Finding> findings, int checked, PrintWriter out) {
        switch (format) {
            case TABLE -> text(findings, checked, out);
            case JSON -> json(findings, checked, out);
            case CSV -> RowsPrinter.csv(rows(findings), out);
        }
        out.flush();
    }

    private static Rows rows(List<Finding> findings) {
        Rows.Builder b = Rows.with(Rows.Column.text("host", "HOST"), Rows.Column.text("severity", "SEVERITY"),
                Rows.Column.text("state", "STATE"), Rows.Column.text("rule", "RULE"), Rows.Column.text("summary", "SUMMARY"),
                Rows.Column.text("evidence", "EVIDENCE"), Rows.Column.text("cause", "CAUSE"), Rows.Column.text("advice", "ADVICE"));
        for (Finding f : findings) {
            b.add(f.host(), f.severity().name(), f.state(), f.rule(), f.summary(), String.join("; ", f.evidence()),
                    f.cause(), String.join("; ", f.advice()));
        }
        return b.build();
    }

    private static void text(List<Finding> findings, int checked, PrintWriter out) {
        if (findings.isEmpty()) {
            out.println("nothing found on " + checked + " host(s)");
            return;
        }
        String host = null;
        for (Finding f : findings) {
            if (!f.host().equals(host)) {
                host = f.host();
                out.println();
                out.println(TerminalText.escape(host));
            }
            out.println("  " + f.severity() + "  " + TerminalText.escape(f.summary()));
            f.evidence().forEach(e -> out.println("      evidence: " + TerminalText.escape(e)));
            out.println("      cause:    " + TerminalText.escape(f.cause()));
            f.advice().forEach(a -> out.println("      do:       " + TerminalText.escape(a)));
        }
        out.println();
        out.println(findings.size() + " finding(s) on " + findings.stream().map(Finding::host).distinct().count() + " of "
                + checked + " host(s)");
    }

    private static void json(List<Finding> findings, int checked, PrintWriter out) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("hosts_checked", checked);
        ArrayNode list = doc.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = list.addObject();
            n.put("host", f.host());
            n.put("severity", f.severity().name());
            n.put("state", f.state());
            n.put("rule", f.rule());
            n.put("summary", f.summary());
            ArrayNode evidence = n.putArray("evidence");
            f.evidence().forEach(evidence::add);
            n.put("cause", f.cause());
            ArrayNode advice = n.putArray("advice");
            f.advice().forEach(advice::add);
        }
        try {
            out.println(JSON.writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
