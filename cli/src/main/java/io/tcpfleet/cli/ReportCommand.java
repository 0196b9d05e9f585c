package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tcpfleet.cli.output.FleetViews;
import io.tcpfleet.cli.output.HtmlReport;
import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.cli.output.TextTable;
import io.tcpfleet.diagnose.Diagnoser;
import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.diagnose.Thresholds;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The fleet's latest samples: every host, the top hosts by a state and how that changed,",
                "or which listening port or remote peer holds the most across the fleet; --html writes",
                "one self-contained HTML report (summary, per-host charts, diagnose findings)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host's latest poll succeeded", "1:some host's latest poll failed",
                "2:usage error"})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--sort", paramLabel = "STATE",
            description = "Sort hosts by this state's count, largest first (e.g. TIME_WAIT, TOTAL); default: by name.")
    String sort;

    @Option(names = "--top", paramLabel = "N", description = "Show only the first N hosts (or ports, peers).")
    Integer top;

    @Option(names = "--change", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Show each host's change of the --sort state (default TOTAL) against its sample that long ago.")
    Duration change;

    @Option(names = "--by", paramLabel = "port|peer",
            description = "Across the fleet, which listening port or which remote peer holds the most of the --sort state.")
    String by;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "Inventory for --group. Repeatable.")
    List<Path> inventories = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "Only hosts of this inventory group (needs -i).")
    String group;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report to FILE.")
    Path html;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", converter = DurationParser.class,
            description = "History shown in the HTML report's charts and used by its findings (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Mixin
    FormatOption format;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        String state = sort == null ? "TOTAL" : stateName(sort);
        if (top != null && top < 0) {
            throw new UsageException("--top must be >= 0");
        }
        if (by != null && !by.equals("port") && !by.equals("peer")) {
            throw new UsageException("--by must be port or peer");
        }
        if (group != null && inventories.isEmpty()) {
            throw new UsageException("--group needs the inventory: -i FILE");
        }
        Set<String> members = group == null ? null : groupMembers();
        Instant now = Instant.now();
        List<PollResult> results;
        List<PollResult> before = List.of();
        Map<String, StateHistory> history = new HashMap<>();
        try (SampleStore s = store.open()) {
            results = s.latest().stream().map(StoredSample::result).filter(r -> members == null || members.contains(r.host().name())).toList();
            if (change != null) {
                before = s.asOf(now.minus(change)).stream().map(StoredSample::result).toList();
            }
            if (html != null) {
                history = s.stateHistory(now.minus(since), now);
            }
        }
        if (results.isEmpty()) {
            System.err.println("no samples stored yet" + (group != null ? " for group " + group : "") + ": run 'tcpfleet poll' first");
        }
        int exit = results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
        if (html != null) {
            writeHtml(results, history, now);
            return exit;
        }
        if (by != null) {
            List<FleetViews.Holder> rows = by.equals("port") ? FleetViews.byPort(results, state) : FleetViews.byPeer(results, state);
            printHolders(limit(rows), state, System.out);
        } else if (change != null) {
            printChanges(limit(FleetViews.changes(results, before, state)), state, System.out);
        } else {
            if (sort != null) {
                results = results.stream().sorted(byCount(sort)).toList();
            }
            ResultPrinter.fleet(format.format, limit(results), System.out);
        }
        return exit;
    }

    private <T> List<T> limit(List<T> rows) {
        return top == null ? rows : rows.stream().limit(top).toList();
    }

    static String stateName(String s) {
        return s.equalsIgnoreCase("TOTAL") ? "TOTAL" : States.parse(s).name();
    }

    private Set<String> groupMembers() {
        InventoryOptions inv = new InventoryOptions();
        inv.inventories = inventories;
        inv.sshConfig = "none";
        inv.group = group;
        inv.skipBad = true;
        Set<String> names = new HashSet<>();
        for (Host h : inv.select(inv.inventory(List.of(), new java.io.PrintWriter(System.err, true)))) {
            names.add(h.name());
        }
        return names;
    }

    private void printChanges(List<FleetViews.Change> rows, String state, PrintStream out) {
        String label = DurationText.of(change);
        switch (format.format) {
            case JSON -> json(rows.stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", c.host());
                m.put("status", c.status());
                m.put("state", state);
                m.put("value", c.now());
                m.put("before", c.before());
                m.put("change", c.change());
                m.put("since", label);
                m.put("TOTAL", c.total());
                return m;
            }).toList(), out);
            case CSV -> {
                out.println("host,status,state,value,before,change,since,TOTAL");
                rows.forEach(c -> out.println(String.join(",", c.host(), c.status(), state, str(c.now()), str(c.before()),
                        str(c.change()), label, str(c.total()))));
            }
            default -> {
                TextTable t = new TextTable(List.of("HOST", "STATUS", state, label + " AGO", "CHANGE", "TOTAL"),
                        new boolean[] {false, false, true, true, true, true});
                rows.forEach(c -> t.add(List.of(c.host(), c.status(), dash(c.now()), dash(c.before()),
                        c.change() == null ? "-" : (c.change() > 0 ? "+" : "") + c.change(), dash(c.total()))));
                t.print(out);
            }
        }
    }

    private void printHolders(List<FleetViews.Holder> rows, String state, PrintStream out) {
        String what = by.equals("port") ? "PORT" : "PEER";
        switch (format.format) {
            case JSON -> json(rows.stream().map(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(by, h.key());
                if (by.equals("peer")) {
                    m.put("direction", h.direction());
                }
                m.put("hosts", h.hosts());
                m.put("state", state);
                m.put("count", h.count());
                m.put("TOTAL", h.total());
                m.put("top_host", h.topHost());
                m.put("top_host_count", h.topCount());
                return m;
            }).toList(), out);
            case CSV -> {
                out.println(by + ",direction,hosts,state,count,TOTAL,top_host,top_host_count");
                rows.forEach(h -> out.println(String.join(",", h.key(), h.direction(), Integer.toString(h.hosts()), state,
                        Long.toString(h.count()), Long.toString(h.total()), h.topHost(), Long.toString(h.topCount()))));
            }
            default -> {
                TextTable t = new TextTable(List.of(what, "DIR", "HOSTS", state, "TOTAL", "MOST ON"),
                        new boolean[] {false, false, true, true, true, false});
                rows.forEach(h -> t.add(List.of(h.key(), h.direction(), Integer.toString(h.hosts()), Long.toString(h.count()),
                        Long.toString(h.total()), h.topHost() + " (" + h.topCount() + ")")));
                t.print(out);
            }
        }
    }

    private void writeHtml(List<PollResult> results, Map<String, StateHistory> history, Instant now) {
        Diagnoser diagnoser = new Diagnoser(Thresholds.defaults());
        List<Finding> findings = new ArrayList<>();
        for (PollResult r : results) {
            StateHistory h = history.get(r.host().name());
            findings.addAll(diagnoser.diagnose(r, h == null ? StateHistory.empty()
                    : h));
        }
        try {
            Files.writeString(html, HtmlReport.render(results, history, DiagnoseCommand.byHostWorstFirst(findings), now, since,
                    top == null ? 50 : top));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + html, e);
        }
        System.err.println("wrote " + html);
    }

    private static void json(Object value, PrintStream out) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String str(Long v) {
        return v == null ? "" : Long.toString(v);
    }

    private static String dash(Long v) {
        return v == null ? "-" : Long.toString(v);
    }

    /** Largest first; failed hosts (no counts) last; ties by name. */
    static Comparator<PollResult> byCount(String stateName) {
        boolean total = stateName.equalsIgnoreCase("TOTAL");
        TcpState state = total ? null : States.parse(stateName);
        Comparator<PollResult> counts = Comparator.comparingLong((PollResult r) -> r.tally() == null ? -1
                : total ? r.tally().total() : r.tally().get(state)).reversed();
        return counts.thenComparing(r -> r.host().name());
    }
}
