package io.tcpfleet.diagnose;

import java.util.Arrays;

/** Small statistics over a count series, for the trend rules. */
final class Series {

    private Series() {
    }

    /** Minimum of each of {@code parts} consecutive slices of the series (fewer if it is short). */
    static long[] sliceMinimums(long[] series, int parts) {
        long[] out = new long[Math.min(parts, series.length)];
        int n = 0;
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) series.length * p / parts);
            int to = (int) ((long) series.length * (p + 1) / parts);
            if (to > from) {
                long m = Long.MAX_VALUE;
                for (int i = from; i < to; i++) {
                    m = Math.min(m, series[i]);
                }
                out[n++] = m;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static long median(long[] series) {
        long[] s = series.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }
}
