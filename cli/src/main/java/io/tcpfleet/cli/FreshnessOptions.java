package io.tcpfleet.cli;

import io.tcpfleet.model.Freshness;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --max-age}: when a stored sample stops being a current value for a reader. */
final class FreshnessOptions {

    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationParser.class,
            description = "A sample older than this is stale: marked in reports, refused by get (default: no limit).")
    Duration maxAge;

    Freshness freshness(Clock clock) {
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new UsageException("--max-age must be > 0");
        }
        return maxAge == null ? Freshness.never(clock) : new Freshness(maxAge, clock);
    }
}
