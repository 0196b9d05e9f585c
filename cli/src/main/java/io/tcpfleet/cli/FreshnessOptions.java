package io.tcpfleet.cli;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.storage.StoredSample;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --max-age}: when a stored sample stops being a current value for a reader. */
final class FreshnessOptions {

    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationParser.class,
            description = {"A sample older than this is stale: marked in reports, refused by get.",
                    "Default: a collect's hosts are stale after its --stale-after intervals (3); others never."})
    Duration maxAge;

    Freshness freshness(Clock clock) {
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new UsageException("--max-age must be > 0");
        }
        return maxAge == null ? Freshness.never(clock) : new Freshness(maxAge, clock);
    }

    /**
     * {@link #freshness} with, for each host a daemon polls, that daemon's own limit (its interval
     * times its {@code --stale-after}, stored with the host's latest sample) where it is tighter.
     */
    Freshness freshness(Clock clock, List<StoredSample> latest) {
        return freshness(clock).withHostLimits(hostLimits(latest));
    }

    private static Map<String, Duration> hostLimits(List<StoredSample> latest) {
        Map<String, Duration> limits = new HashMap<>();
        for (StoredSample s : latest) {
            s.staleAfter().ifPresent(d -> limits.put(s.result().host().name(), d));
        }
        return limits;
    }
}
