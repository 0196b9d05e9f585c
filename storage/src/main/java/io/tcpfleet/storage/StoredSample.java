package io.tcpfleet.storage;

import io.tcpfleet.model.PollResult;
import java.util.Objects;

/**
 * A stored poll.
 *
 * @param id      sample id
 * @param sweepId the sweep it was written with
 * @param result  the poll as stored: times at millisecond precision; without breakdowns when read
 *                with {@code withBreakdowns = false} (ports and peers empty)
 */
public record StoredSample(long id, long sweepId, PollResult result) {

    public StoredSample {
        Objects.requireNonNull(result, "result");
    }
}
