package io.tcpfleet.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * When a sample stops being current: older than {@code staleAfter} (3 collect intervals for a
 * daemon's hosts, or a reader's {@code --max-age}) it is answered as stale with its age, never as
 * a current value. {@link #never} is for samples taken just now (a one-off poll, a tally).
 *
 * @param hostLimits tighter limits for some hosts, by name: a reader of the database applies the
 *                   limit of the daemon that polls each host (its interval times its {@code --stale-after})
 */
public record Freshness(Duration staleAfter, Clock clock, Map<String, Duration> hostLimits) {

    public Freshness {
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(clock, "clock");
        hostLimits = Map.copyOf(hostLimits);
    }

    public Freshness(Duration staleAfter, Clock clock) {
        this(staleAfter, clock, Map.of());
    }

    /** The same, with these hosts' own limits where they are tighter. */
    public Freshness withHostLimits(Map<String, Duration> limits) {
        return new Freshness(staleAfter, clock, limits);
    }

    /** The limit that applies to the samples of the host with this name. */
    public Duration limitFor(String hostName) {
        Duration own = hostLimits.get(hostName);
        return own != null && own.compareTo(staleAfter) < 0 ? own : staleAfter;
    }

    /** Nothing is ever stale: for results that were just taken. */
    public static Freshness never(Clock clock) {
        return new Freshness(Duration.ofSeconds(Long.MAX_VALUE), clock);
    }

    public long ageSeconds(PollResult r) {
        return ageSeconds(r.polledAt());
    }

    public long ageSeconds(Instant polledAt) {
        return Math.max(0, Duration.between(polledAt, clock.instant()).toSeconds());
    }

    public boolean stale(PollResult r) {
        return stale(r.host().name(), r.polledAt());
    }

    public boolean stale(String hostName, Instant polledAt) {
        return Duration.between(polledAt, clock.instant()).compareTo(limitFor(hostName)) > 0;
    }

    /** Why the host's values are not served as current, or null when they are current and OK. */
    public String problem(PollResult r) {
        if (stale(r)) {
            return "data stale: last sample of " + r.host().name() + " is " + DurationText.of(Duration.ofSeconds(ageSeconds(r)))
                    + " old (limit " + DurationText.of(limitFor(r.host().name())) + "); is tcpfleet collect polling it?";
        }
        if (!r.ok()) {
            return "host failing: " + r.status() + ": " + r.error();
        }
        return null;
    }
}
