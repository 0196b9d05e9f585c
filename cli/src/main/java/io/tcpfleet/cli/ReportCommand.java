package io.tcpfleet.cli;

import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.collector.poll.PollResult;
import io.tcpfleet.collector.tally.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the latest sample of every host.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host's latest poll succeeded", "1:some host's latest poll failed",
                "2:usage error"})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--sort", paramLabel = "STATE",
            description = "Sort hosts by this state's count, largest first (e.g. TIME_WAIT, TOTAL); default: by name.")
    String sort;

    @Option(names = "--top", paramLabel = "N", description = "Show only the first N hosts.")
    Integer top;

    @Mixin
    FormatOption format;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        List<PollResult> results;
        try (SampleStore s = store.open()) {
            results = s.latest().stream().map(StoredSample::result).toList();
        }
        if (sort != null) {
            results = results.stream().sorted(byCount(sort)).toList();
        }
        if (top != null) {
            if (top < 0) {
                throw new UsageException("--top must be >= 0");
            }
            results = results.stream().limit(top).toList();
        }
        if (results.isEmpty()) {
            System.err.println("no samples stored yet: run 'tcpfleet poll' first");
        }
        ResultPrinter.fleet(format.format, results, System.out);
        return results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
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
