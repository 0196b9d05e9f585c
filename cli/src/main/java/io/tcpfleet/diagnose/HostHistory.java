package io.tcpfleet.diagnose;

import io.tcpfleet.collector.tally.StateCounts;
import io.tcpfleet.collector.tally.TcpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A host's successful samples over the lookback, oldest first, as state counts only: what the
 * rules compare the latest sample against.
 */
public record HostHistory(List<Instant> times, List<StateCounts> counts) {

    public HostHistory {
        times = List.copyOf(times);
        counts = List.copyOf(counts);
        if (times.size() != counts.size()) {
            throw new IllegalArgumentException("times and counts differ in length");
        }
    }

    public static HostHistory empty() {
        return new HostHistory(List.of(), List.of());
    }

    public int size() {
        return counts.size();
    }

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

    /** Minimum of each of {@code parts} consecutive slices of the series (fewer if it is short). */
    static long[] sliceMinimums(long[] series, int parts) {
        List<Long> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) series.length * p / parts);
            int to = (int) ((long) series.length * (p + 1) / parts);
            if (to > from) {
                long m = Long.MAX_VALUE;
                for (int i = from; i < to; i++) {
                    m = Math.min(m, series[i]);
                }
                out.add(m);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long median(long[] series) {
        long[] s = series.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }
}
