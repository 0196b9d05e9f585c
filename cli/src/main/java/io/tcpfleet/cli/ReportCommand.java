package io.tcpfleet.cli;

import io.tcpfleet.cli.output.FleetViews;
import io.tcpfleet.cli.output.HtmlReport;
import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.cli.output.RowsPrinter;
import io.tcpfleet.diagnose.Diagnoser;
import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.diagnose.Thresholds;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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

    @Option(names = "--sort", paramLabel = "STATE", converter = StateOption.class, completionCandidates = StateOption.class,
            description = "Sort hosts by this state's count, largest first (e.g. TIME_WAIT, TOTAL); default: by name.")
    TcpState sort;

    @Option(names = "--top", paramLabel = "N", description = "Show only the first N hosts (or ports, peers).")
    Integer top;

    @Option(names = "--change", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Show each host's change of the --sort state (default TOTAL) against its sample that long ago.")
    Duration change;

    @Option(names = "--by", paramLabel = "WHAT",
            description = "Across the fleet, which listening port or remote peer holds the most of the --sort state: ${COMPLETION-CANDIDATES}.")
    FleetViews.Breakdown by;

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
    FreshnessOptions freshnessOptions;

    @Mixin
    StoreOptions store;

    @Mixin
    Streams streams;

    @Override
    public Integer call() {
        TcpState state = sort == null ? TcpState.TOTAL : sort;
        if (top != null && top < 0) {
            throw new UsageException("--top must be >= 0");
        }
        if (group != null && inventories.isEmpty()) {
            throw new UsageException("--group needs the inventory: -i FILE");
        }
        Freshness freshness;
        Set<String> members = group == null ? null : groupMembers();
        Instant now = Instant.now();
        List<PollResult> results;
        List<PollResult> before = List.of();
        Map<String, StateHistory> history = Map.of();
        try (SampleStore s = store.open()) {
            List<StoredSample> latest = s.latest();
            freshness = freshnessOptions.freshness(Clock.systemUTC(), latest);
            results = latest.stream().map(StoredSample::result)
                    .filter(r -> members == null || members.contains(r.host().name())).toList();
            if (change != null) {
                before = s.asOf(now.minus(change)).stream().map(StoredSample::result).toList();
            }
            if (html != null) {
                history = s.stateHistory(now.minus(since), now);
            }
        }
        if (results.isEmpty()) {
            streams.error("no samples stored yet" + (group != null ? " for group " + group : "") + ": run 'tcpfleet poll' first");
        }
        int exit = results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
        int limit = top == null ? Integer.MAX_VALUE : top;
        if (html != null) {
            writeHtml(results, history, now);
        } else if (by != null) {
            RowsPrinter.print(format.format, FleetViews.holders(results, by, state, limit), streams.out());
        } else if (change != null) {
            FleetViews.Changes c = FleetViews.changes(results, before, state, change, limit);
            if (!c.tooFarApart().isEmpty()) {
                streams.error("--change " + DurationText.of(change) + " is shorter than the time between samples of "
                        + String.join(", ", c.tooFarApart().stream().limit(5).toList())
                        + (c.tooFarApart().size() > 5 ? " and " + (c.tooFarApart().size() - 5) + " more" : "")
                        + ": their latest sample is the newest that old, so there is nothing to compare (no change shown)");
            }
            RowsPrinter.print(format.format, c.rows(), streams.out());
        } else {
            List<PollResult> rows = sort == null ? results : results.stream().sorted(byCount(sort)).toList();
            ResultPrinter.fleet(format.format, rows.stream().limit(limit).toList(), freshness, streams.out());
        }
        return exit;
    }

    private Set<String> groupMembers() {
        InventoryOptions inv = new InventoryOptions();
        inv.inventories = inventories;
        inv.sshConfig = "none";
        inv.group = group;
        inv.skipBad = true;
        Set<String> names = new HashSet<>();
        for (Host h : inv.select(inv.inventory(List.of(), streams.err()))) {
            names.add(h.name());
        }
        return names;
    }

    private void writeHtml(List<PollResult> results, Map<String, StateHistory> history, Instant now) {
        Diagnoser diagnoser = new Diagnoser(Thresholds.defaults());
        List<Finding> findings = new ArrayList<>();
        for (PollResult r : results) {
            findings.addAll(diagnoser.diagnose(r, history.getOrDefault(r.host().name(), StateHistory.empty())));
        }
        try {
            Files.writeString(html, HtmlReport.render(results, history, Diagnoser.byHostWorstFirst(findings), now, since,
                    top == null ? 50 : top));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + html, e);
        }
        streams.note("wrote " + html);
    }

    /** Largest first; failed hosts (no counts) last; ties by name. */
    static Comparator<PollResult> byCount(TcpState state) {
        Comparator<PollResult> counts = Comparator.comparingLong((PollResult r) -> r.tally() == null ? -1
                : r.tally().get(state)).reversed();
        return counts.thenComparing(r -> r.host().name());
    }
}
