package io.tcpfleet.serve;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * What {@code /metrics} shows beyond the per-host families.
 *
 * @param ports           per listening port series (connections by state, accept queue): opt-in,
 *                        since ports multiply the series count
 * @param version         tcpfleet's version, for {@code tcpfleet_build_info}
 * @param keptConnections SSH connections the collector keeps open now
 */
public record MetricsConfig(boolean ports, String version, IntSupplier keptConnections) {

    public MetricsConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(keptConnections, "keptConnections");
    }

    /** No per-port series, version unknown, no kept connections. */
    public static MetricsConfig basic() {
        return new MetricsConfig(false, "unknown", () -> 0);
    }
}
