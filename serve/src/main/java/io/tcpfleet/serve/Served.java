package io.tcpfleet.serve;

import io.tcpfleet.model.Freshness;
import java.util.Objects;

/**
 * What the API serves: the daemon's hosts and their latest samples, when a sample is too old to be
 * current, the daemon's own health, and what {@code /metrics} adds.
 */
public record Served(LatestSamples samples, Freshness freshness, DaemonHealth health, MetricsConfig metrics) {

    public Served {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(metrics, "metrics");
    }
}
