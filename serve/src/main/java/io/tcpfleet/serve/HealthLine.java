package io.tcpfleet.serve;

import java.util.List;

/** The collector's health in one line, as {@code /health} answers and the trapper pushes it. */
public final class HealthLine {

    private HealthLine() {
    }

    /** "OK: ..." when healthy, else "UNHEALTHY: reason; reason (...)". */
    public static String of(DaemonHealth health, LatestSamples samples) {
        List<String> problems = health.problems();
        String detail = samples.size() + " hosts, " + samples.sampled() + " with a sample; " + health.sweepSummary();
        return problems.isEmpty() ? "OK: " + detail : "UNHEALTHY: " + String.join("; ", problems) + " (" + detail + ")";
    }
}
