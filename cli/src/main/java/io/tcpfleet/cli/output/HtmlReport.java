package io.tcpfleet.cli.output;

import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.diagnose.Severity;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file — inline CSS and SVG, no script, nothing fetched — so it opens
 * anywhere and can be mailed: the fleet summary, the diagnose findings, and per-host stacked
 * state charts over the lookback.
 */
public final class HtmlReport {

    /** Bottom to top in the stacked charts; LISTEN last since it barely moves. */
    static final List<TcpState> STACK = List.of(TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT,
            TcpState.SYN_RECV, TcpState.SYN_SENT, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.LAST_ACK,
            TcpState.CLOSING, TcpState.LISTEN);
    static final Map<TcpState, String> COLOR = new EnumMap<>(Map.of(
            TcpState.ESTABLISHED, "#1a7c11", TcpState.TIME_WAIT, "#6c59dc", TcpState.CLOSE_WAIT, "#ac8c14",
            TcpState.SYN_RECV, "#2774a4", TcpState.SYN_SENT, "#f63100", TcpState.FIN_WAIT1, "#a54f10",
            TcpState.FIN_WAIT2, "#fc6ea3", TcpState.LAST_ACK, "#611f27", TcpState.CLOSING, "#bb2a02",
            TcpState.LISTEN, "#5ccd18"));
    static final List<TcpState> COLUMNS = List.of(TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT,
            TcpState.SYN_RECV, TcpState.SYN_SENT, TcpState.FIN_WAIT2, TcpState.LISTEN);
    private static final int W = 760;
    private static final int H = 170;
    private static final int MAX_POINTS = 240;

    private HtmlReport() {
    }

    public static String render(List<PollResult> results, Map<String, StateHistory> history, List<Finding> findings,
                                Instant now, Duration since, int maxCharts) {
        Map<String, List<Finding>> byHost = new HashMap<>();
        findings.forEach(f -> byHost.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(f));
        List<PollResult> hosts = new ArrayList<>(results);
        hosts.sort(Comparator.comparing((PollResult r) -> worst(byHost.get(r.host().name())),
                        Comparator.nullsLast(Comparator.<Severity>naturalOrder()))
                .thenComparing(Comparator.comparingLong((PollResult r) -> r.tally() == null ? -1 : r.tally().total()).reversed())
                .thenComparing(r -> r.host().name()));
        long failing = results.stream().filter(r -> !r.ok()).count();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tcpfleet report</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:32px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}.CRITICAL{color:#b00020;font-weight:bold}.WARNING{color:#b26a00}")
                .append(".ok{color:#1a7c11}.fail{color:#b00020}.finding{margin:8px 0 14px 0}.finding ul{margin:2px 0}")
                .append(".chart{margin:8px 0 24px 0}.legend span{display:inline-block;margin-right:12px}.sw{width:10px;height:10px;display:inline-block;margin-right:4px}")
                .append("</style></head><body>\n");
        b.append("<h1>tcpfleet report</h1>\n<p>").append(results.size()).append(" hosts, ")
                .append(results.size() - failing).append(" polled OK, ").append(failing).append(" failing; ")
                .append(findings.size()).append(" findings. Generated ").append(time(now)).append(", history of the last ")
                .append(DurationText.of(since)).append(".</p>\n");

        b.append("<h2>Fleet</h2>\n<table id=\"fleet\"><tr><th>host</th><th>status</th>");
        COLUMNS.forEach(s -> b.append("<th>").append(s).append("</th>"));
        b.append("<th>TOTAL</th><th>findings</th></tr>\n");
        for (PollResult r : hosts) {
            List<Finding> f = byHost.getOrDefault(r.host().name(), List.of());
            b.append("<tr><td>").append(esc(r.host().name())).append("</td><td class=\"").append(r.ok() ? "ok" : "fail").append("\">")
                    .append(r.status()).append("</td>");
            for (TcpState s : COLUMNS) {
                b.append("<td>").append(r.tally() == null ? "-" : Long.toString(r.tally().get(s))).append("</td>");
            }
            b.append("<td>").append(r.tally() == null ? "-" : Long.toString(r.tally().total())).append("</td><td");
            if (!f.isEmpty()) {
                b.append(" class=\"").append(f.get(0).severity()).append("\">").append(f.size()).append(' ').append(f.get(0).severity());
            } else {
                b.append(">");
            }
            b.append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Findings</h2>\n");
        if (findings.isEmpty()) {
            b.append("<p>Nothing found.</p>\n");
        }
        String current = null;
        for (Finding f : findings) {
            if (!f.host().equals(current)) {
                current = f.host();
                b.append("<h3>").append(esc(current)).append("</h3>\n");
            }
            b.append("<div class=\"finding\"><span class=\"").append(f.severity()).append("\">").append(f.severity())
                    .append("</span> ").append(esc(f.summary())).append("<ul>");
            f.evidence().forEach(e -> b.append("<li>").append(esc(e)).append("</li>"));
            b.append("<li><b>cause:</b> ").append(esc(f.cause())).append("</li>");
            f.advice().forEach(a -> b.append("<li><b>do:</b> ").append(esc(a)).append("</li>"));
            b.append("</ul></div>\n");
        }

        b.append("<h2>Hosts over time</h2>\n<p class=\"legend\">");
        STACK.forEach(s -> b.append("<span><i class=\"sw\" style=\"background:").append(COLOR.get(s)).append("\"></i>")
                .append(s).append("</span>"));
        b.append("</p>\n");
        int charts = 0;
        for (PollResult r : hosts) {
            if (charts++ >= maxCharts) {
                b.append("<p>").append(hosts.size() - maxCharts).append(" more hosts not charted (raise --top).</p>\n");
                break;
            }
            b.append("<div class=\"chart\"><b>").append(esc(r.host().name())).append("</b><br>\n");
            chart(b, history.get(r.host().name()), now.minus(since), now);
            b.append("</div>\n");
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static Severity worst(List<Finding> f) {
        return f == null || f.isEmpty() ? null : f.get(0).severity();
    }

    /** A stacked area chart of the states, at most MAX_POINTS points (the max of each bucket). */
    static void chart(StringBuilder b, StateHistory history, Instant from, Instant to) {
        List<long[]> points = new ArrayList<>();   // [time ms, count per STACK state...]
        int n = history == null ? 0 : history.counts().size();
        int bucket = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < n; i += bucket) {
            long[] p = new long[STACK.size() + 1];
            for (int j = i; j < Math.min(n, i + bucket); j++) {
                p[0] = history.times().get(j).toEpochMilli();
                StateCounts c = history.counts().get(j);
                for (int k = 0; k < STACK.size(); k++) {
                    p[k + 1] = Math.max(p[k + 1], c.get(STACK.get(k)));
                }
            }
            if (p[0] != 0) {
                points.add(p);
            }
        }
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H + 20)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H + 20).append("\">");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(W).append("\" height=\"").append(H).append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        if (points.isEmpty()) {
            b.append("<text x=\"10\" y=\"20\" font-size=\"12\">no successful sample in this period</text></svg>\n");
            return;
        }
        long max = 1;
        for (long[] p : points) {
            long sum = 0;
            for (int k = 1; k < p.length; k++) {
                sum += p[k];
            }
            max = Math.max(max, sum);
        }
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        double[] base = new double[points.size()];
        for (int k = 0; k < STACK.size(); k++) {
            StringBuilder top = new StringBuilder();
            StringBuilder bottom = new StringBuilder();
            boolean any = false;
            for (int i = 0; i < points.size(); i++) {
                long[] p = points.get(i);
                double x = (p[0] - from.toEpochMilli()) / span * W;
                double y0 = H - base[i] / max * (H - 10);
                base[i] += p[k + 1];
                double y1 = H - base[i] / max * (H - 10);
                any |= p[k + 1] > 0;
                top.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y1));
                bottom.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, y0));
            }
            if (any && points.size() == 1) { // a single sample: a bar, since an area needs two points
                long[] p = points.get(0);
                double x = Math.min(W - 8, (p[0] - from.toEpochMilli()) / span * W);
                double y1 = H - base[0] / max * (H - 10);
                b.append(String.format(Locale.ROOT, "<rect fill=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"%.1f\"/>",
                        COLOR.get(STACK.get(k)), x, y1, (double) p[k + 1] / max * (H - 10)));
            } else if (any) {
                b.append("<polygon fill=\"").append(COLOR.get(STACK.get(k))).append("\" points=\"").append(top).append(bottom).append("\"/>");
            }
        }
        b.append("<text x=\"4\" y=\"12\" font-size=\"11\" fill=\"#555\">max ").append(max).append("</text>");
        b.append("<text x=\"0\" y=\"").append(H + 15).append("\" font-size=\"11\" fill=\"#555\">").append(time(from)).append("</text>");
        b.append("<text x=\"").append(W).append("\" y=\"").append(H + 15).append("\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">")
                .append(time(to)).append("</text></svg>\n");
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
