package io.tcpfleet.model;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A host's successful samples over a period as state counts only, oldest first: what trend
 * questions (leaks, jumps, charts) read, without the cost of whole samples.
 *
 * <p>Held in flat arrays (a time and {@link TcpState#COUNT} ints per sample): diagnosing a fleet
 * reads millions of samples (10,000 hosts x 6 h at 60 s: 3.6 M), and an object per sample and per
 * time made that mostly garbage collection. {@link #times()} and {@link #counts()} are views.
 */
public final class StateHistory {

    private static final int STATES = TcpState.COUNT;
    private static final StateHistory EMPTY = new StateHistory(new long[0], new int[0], 0);

    private final long[] times;
    private final int[] counts;
    private final int size;

    private StateHistory(long[] times, int[] counts, int size) {
        this.times = times;
        this.counts = counts;
        this.size = size;
    }

    /** From samples as objects, oldest first. */
    public StateHistory(List<Instant> times, List<StateCounts> counts) {
        if (times.size() != counts.size()) {
            throw new IllegalArgumentException("times and counts differ in length");
        }
        this.size = times.size();
        this.times = new long[size];
        this.counts = new int[size * STATES];
        for (int i = 0; i < size; i++) {
            this.times[i] = times.get(i).toEpochMilli();
            StateCounts c = counts.get(i);
            for (TcpState s : TcpState.COUNTED) {
                this.counts[i * STATES + s.ordinal()] = Math.toIntExact(c.get(s));
            }
        }
    }

    /**
     * From flat arrays, oldest first, taken as they are (not copied: the caller hands them over):
     * {@code size} times in epoch milliseconds, and {@link TcpState#COUNT} counts per sample in
     * {@link TcpState} order.
     */
    public static StateHistory of(long[] epochMillis, int[] counts, int size) {
        if (size < 0 || epochMillis.length < size || counts.length < size * STATES) {
            throw new IllegalArgumentException("arrays shorter than " + size + " samples");
        }
        for (int i = 0; i < size * STATES; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("negative count at sample " + i / STATES);
            }
        }
        return new StateHistory(epochMillis, counts, size);
    }

    public static StateHistory empty() {
        return EMPTY;
    }

    public int size() {
        return size;
    }

    /** The sample times, oldest first (a view). */
    public List<Instant> times() {
        return new AbstractList<>() {
            @Override
            public Instant get(int i) {
                return Instant.ofEpochMilli(times[java.util.Objects.checkIndex(i, size)]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The state counts of each sample, oldest first (a view). */
    public List<StateCounts> counts() {
        return new AbstractList<>() {
            @Override
            public StateCounts get(int i) {
                return StateCounts.of(counts, java.util.Objects.checkIndex(i, size) * STATES);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The count of {@code state} in each sample, oldest first ({@link TcpState#TOTAL} works too). */
    public long[] series(TcpState state) {
        if (state == TcpState.TOTAL) {
            return totals();
        }
        long[] s = new long[size];
        for (int i = 0; i < size; i++) {
            s[i] = counts[i * STATES + state.ordinal()];
        }
        return s;
    }

    public long[] totals() {
        long[] s = new long[size];
        for (int i = 0; i < size; i++) {
            long t = 0;
            for (int k = 0; k < STATES; k++) {
                t += counts[i * STATES + k];
            }
            s[i] = t;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateHistory h && size == h.size
                && Arrays.equals(times, 0, size, h.times, 0, size)
                && Arrays.equals(counts, 0, size * STATES, h.counts, 0, size * STATES);
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(times[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "StateHistory[" + size + " samples]";
    }
}
