package io.tcpfleet.cli;

import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print one host's samples over a time range, oldest first.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:samples printed", "1:the host has no samples in the range", "2:usage error"})
final class HistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address.")
    String host;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "1h", converter = DurationParser.class,
            description = "How far back: 90s, 15m, 1h, 7d, 2w (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--until", paramLabel = "DURATION", defaultValue = "0s", converter = DurationParser.class,
            description = "End of the range, that long ago (default: now).")
    Duration until;

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
        if (until.compareTo(since) >= 0) {
            throw new UsageException("--until (" + DurationText.of(until) + " ago) must be later than --since ("
                    + DurationText.of(since) + " ago)");
        }
        Freshness freshness = freshnessOptions.freshness(Clock.systemUTC());
        Instant now = Instant.now();
        List<PollResult> samples;
        try (SampleStore s = store.open()) {
            samples = s.history(host, now.minus(since), now.minus(until), false).stream()
                    .map(StoredSample::result).toList();
        }
        ResultPrinter.history(format.format, samples, freshness, streams.out());
        if (samples.isEmpty()) {
            streams.error("no samples of '" + host + "' between " + DurationText.of(since) + " and "
                    + (until.isZero() ? "now" : DurationText.of(until) + " ago"));
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }
}
