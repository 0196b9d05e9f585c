package io.tcpfleet.storage;

import io.tcpfleet.collector.tally.StateCounts;
import java.time.Instant;
import java.util.List;

/**
 * A host's successful samples over a period as state counts only, oldest first: what trend
 * questions (leaks, jumps) read, without the cost of whole samples.
 */
public record StateHistory(String host, List<Instant> times, List<StateCounts> counts) {

    public StateHistory {
        times = List.copyOf(times);
        counts = List.copyOf(counts);
    }
}
