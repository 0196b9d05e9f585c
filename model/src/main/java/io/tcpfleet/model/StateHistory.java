package io.tcpfleet.model;

import java.time.Instant;
import java.util.List;

/**
 * A host's successful samples over a period as state counts only, oldest first: what trend
 * questions (leaks, jumps, charts) read, without the cost of whole samples.
 */
public record StateHistory(List<Instant> times, List<StateCounts> counts) {

    private static final StateHistory EMPTY = new StateHistory(List.of(), List.of());

    public StateHistory {
        times = List.copyOf(times);
        counts = List.copyOf(counts);
        if (times.size() != counts.size()) {
            throw new IllegalArgumentException("times and counts differ in length");
        }
    }

    public static StateHistory empty() {
        return EMPTY;
    }

    public int size() {
        return counts.size();
    }

    /** The count of {@code state} in each sample, oldest first ({@link TcpState#TOTAL} works too). */
    public long[] series(TcpState state) {
        long[] s = new long[counts.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = counts.get(i).get(state);
        }
        return s;
    }

    public long[] totals() {
        long[] s = new long[counts.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = counts.get(i).total();
        }
        return s;
    }
}
