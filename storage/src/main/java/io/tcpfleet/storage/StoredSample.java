package io.tcpfleet.storage;

import io.tcpfleet.model.PollResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored poll.
 *
 * @param id         sample id
 * @param sweepId    the sweep it was written with
 * @param result     the poll as stored: times at millisecond precision; without breakdowns when read
 *                   with {@code withBreakdowns = false} (ports and peers empty)
 * @param staleAfter for a host's latest sample written by {@code collect}: when it stops being
 *                   current (the daemon's interval times its {@code --stale-after}); else empty
 */
public record StoredSample(long id, long sweepId, PollResult result, Optional<Duration> staleAfter) {

    public StoredSample {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(staleAfter, "staleAfter");
    }

    public StoredSample(long id, long sweepId, PollResult result) {
        this(id, sweepId, result, Optional.empty());
    }
}
