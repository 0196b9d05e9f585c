package io.tcpfleet.cli;

import java.time.Duration;

/** A duration as the options take it back: 90s, 15m, 1h30m, 7d. */
final class DurationText {

    private DurationText() {
    }

    static String of(Duration d) {
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        long[] units = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.length() == 0 ? "0s" : b.toString();
    }
}
