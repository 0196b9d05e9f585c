package io.tcpfleet.serve;

import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code /metrics} shows beyond the per-host families.
 *
 * @param ports           per listening port series (connections by state, accept queue): opt-in,
 *                        since ports multiply the series count
 * @param version         tcpfleet's version, for {@code tcpfleet_build_info}
 * @param keptConnections SSH connections the collector keeps open now
 * @param shellRestarts   remote shell loops started again on a kept connection, since start
 * @param forcedCommands  kept logins whose key or sshd forces a command (polled with an exec each)
 */
public record MetricsConfig(boolean ports, String version, IntSupplier keptConnections, LongSupplier shellRestarts,
                            IntSupplier forcedCommands) {

    public MetricsConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(keptConnections, "keptConnections");
        Objects.requireNonNull(shellRestarts, "shellRestarts");
        Objects.requireNonNull(forcedCommands, "forcedCommands");
    }

    /** Without remote shell counts (no SSH transport to ask). */
    public MetricsConfig(boolean ports, String version, IntSupplier keptConnections) {
        this(ports, version, keptConnections, () -> 0, () -> 0);
    }

    /** No per-port series, version unknown, no kept connections. */
    public static MetricsConfig basic() {
        return new MetricsConfig(false, "unknown", () -> 0);
    }
}
