package io.tcpfleet.model;

import java.time.Duration;

/**
 * A duration as operators write it and as the options take it back: {@code 90s} prints as
 * {@code 1m30s}, a week as {@code 7d}, under a second as {@code 250ms}. The one printer of
 * durations for logs, messages and tables (never {@code PT5S}).
 */
public final class DurationText {

    private static final long[] UNITS = {86_400, 3_600, 60, 1};
    private static final String[] NAMES = {"d", "h", "m", "s"};

    private DurationText() {
    }

    public static String of(Duration d) {
        if (d.isNegative()) {
            return "-" + of(d.negated());
        }
        long s = d.toSeconds();
        if (s == 0) {
            long ms = d.toMillis();
            return ms == 0 ? "0s" : ms + "ms";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < UNITS.length; i++) {
            if (s >= UNITS[i]) {
                b.append(s / UNITS[i]).append(NAMES[i]);
                s %= UNITS[i];
            }
        }
        return b.toString();
    }
}
