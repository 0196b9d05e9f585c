package io.tcpfleet.serve;

import java.util.List;

/**
 * The collector's health in one line, as {@code /health} answers it (200 or 503) and the trapper
 * pushes it: "OK: ..." when healthy, else "UNHEALTHY: reason; reason (...)".
 */
public record HealthLine(boolean healthy, String text) {

    public static HealthLine of(DaemonHealth health, LatestSamples samples) {
        List<String> problems = health.problems();
        String detail = samples.size() + " hosts, " + samples.sampled() + " with a sample; " + health.sweepSummary();
        return problems.isEmpty() ? new HealthLine(true, "OK: " + detail)
                : new HealthLine(false, "UNHEALTHY: " + String.join("; ", problems) + " (" + detail + ")");
    }
}
