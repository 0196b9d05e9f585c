package io.tcpfleet.model;

import java.util.Arrays;
import java.util.Map;

/** An immutable count of sockets per {@link TcpState}, with their total. */
public final class StateCounts {

    public static final StateCounts EMPTY = new StateCounts(new long[TcpState.COUNT]);

    private final long[] counts;
    private final long total;

    private StateCounts(long[] counts) {
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** Copies {@code counts}, indexed by {@link TcpState#ordinal()}. */
    public static StateCounts of(long[] counts) {
        if (counts.length != TcpState.COUNT) {
            throw new IllegalArgumentException("expected " + TcpState.COUNT + " counts, got " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count in " + Arrays.toString(counts));
            }
        }
        return new StateCounts(counts.clone());
    }

    /** From ints laid out at {@code offset} in a larger accumulator array. */
    public static StateCounts of(int[] counts, int offset) {
        long[] c = new long[TcpState.COUNT];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[offset + i];
        }
        return new StateCounts(c);
    }

    /** From counts per counted state; a TOTAL entry is not allowed (it is derived). */
    public static StateCounts of(Map<TcpState, Long> counts) {
        long[] c = new long[TcpState.COUNT];
        counts.forEach((s, n) -> {
            if (s == TcpState.TOTAL) {
                throw new IllegalArgumentException("TOTAL is derived, not counted");
            }
            c[s.ordinal()] = n;
        });
        return of(c);
    }

    /** Sockets in {@code state}; {@link TcpState#TOTAL} is every socket. */
    public long get(TcpState state) {
        return state == TcpState.TOTAL ? total : counts[state.ordinal()];
    }

    /** All sockets, UNKNOWN included. */
    public long total() {
        return total;
    }

    public StateCounts plus(StateCounts other) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += other.counts[i];
        }
        return new StateCounts(c);
    }

    public long[] toArray() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateCounts other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (TcpState s : TcpState.COUNTED) {
            long c = counts[s.ordinal()];
            if (c != 0) {
                b.append(b.length() > 1 ? ", " : "").append(s).append('=').append(c);
            }
        }
        return b.append(b.length() > 1 ? ", " : "").append("TOTAL=").append(total).append('}').toString();
    }
}
