package io.tcpfleet.serve;

import io.tcpfleet.model.PollResult;
import java.time.Clock;
import java.time.Duration;

/**
 * When a sample stops being current: older than {@code staleAfter} (a multiple of the collect
 * interval) it is answered as an error with its age, never as a current value.
 */
public record Freshness(Duration staleAfter, Clock clock) {

    public long ageSeconds(PollResult r) {
        return Math.max(0, Duration.between(r.polledAt(), clock.instant()).toSeconds());
    }

    public boolean stale(PollResult r) {
        return Duration.between(r.polledAt(), clock.instant()).compareTo(staleAfter) > 0;
    }

    /** Why the host's values are not served, or null when they are current and OK. */
    public String problem(PollResult r) {
        if (stale(r)) {
            return "data stale: last sample of " + r.host().name() + " is " + ageSeconds(r) + " s old (limit "
                    + staleAfter.toSeconds() + " s); is tcpfleet collect polling it?";
        }
        if (!r.ok()) {
            return "host failing: " + r.status() + ": " + r.error();
        }
        return null;
    }
}
