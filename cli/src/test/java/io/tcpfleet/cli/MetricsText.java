package io.tcpfleet.cli;

import java.util.List;

/** Reads samples out of a Prometheus text exposition, for assertions. */
final class MetricsText {

    private MetricsText() {
    }

    /** The value of the sample written exactly as {@code series} (name and labels), or null. */
    static Double value(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return null;
    }

    /** Every sample line of the family {@code name}. */
    static List<String> lines(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }
}
