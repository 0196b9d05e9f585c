package io.tcpfleet.serve;

import io.tcpfleet.model.PollStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The collector's own metric families: health, store, sweeps (current and last), polls, SSH, build. */
final class DaemonMetrics {

    private DaemonMetrics() {
    }

    static void write(MetricsWriter w, DaemonHealth health, MetricsConfig config, int hosts) {
        SweepTracker sweeps = health.sweeps();
        Instant now = sweeps.clock().instant();
        w.family("tcpfleet_build_info", "gauge", "tcpfleet's version, always 1.")
                .sample("tcpfleet_build_info", 1, "version", config.version());
        w.family("tcpfleet_collector_healthy", "gauge", "1 if the collector is healthy (GET /health answers 200), else 0.")
                .sample("tcpfleet_collector_healthy", health.problems().isEmpty() ? 1 : 0);
        w.family("tcpfleet_store_up", "gauge", "1 if the last write to the store succeeded, else 0.")
                .sample("tcpfleet_store_up", health.storeProblem().isEmpty() ? 1 : 0);
        w.family("tcpfleet_store_buffered_sweeps", "gauge", "Sweeps held in memory because the store could not take them.")
                .sample("tcpfleet_store_buffered_sweeps", health.bufferedSweeps());
        w.family("tcpfleet_hosts", "gauge", "Hosts in the collector's inventory.").sample("tcpfleet_hosts", hosts);
        w.family("tcpfleet_sweep_interval_seconds", "gauge", "Time between sweep starts (--interval).")
                .sample("tcpfleet_sweep_interval_seconds", MetricsWriter.seconds(health.interval().toMillis()));

        Optional<SweepTracker.Progress> current = sweeps.current();
        w.family("tcpfleet_sweep_running", "gauge", "1 while a sweep is under way.")
                .sample("tcpfleet_sweep_running", current.isPresent() ? 1 : 0);
        w.family("tcpfleet_sweep_running_seconds", "gauge", "How long the sweep under way has run (0 between sweeps).")
                .sample("tcpfleet_sweep_running_seconds", MetricsWriter.seconds(current.map(p -> millis(p.startedAt(), now)).orElse(0L)));
        w.family("tcpfleet_sweep_overrun", "gauge", "1 if the sweep under way has run longer than the interval.")
                .sample("tcpfleet_sweep_overrun", health.overrunning() ? 1 : 0);
        w.family("tcpfleet_sweep_pending_hosts", "gauge", "Hosts of the sweep under way whose poll has not ended.")
                .sample("tcpfleet_sweep_pending_hosts", current.map(SweepTracker.Progress::pending).orElse(0));
        w.family("tcpfleet_sweep_in_flight_hosts", "gauge", "Polls under way now.")
                .sample("tcpfleet_sweep_in_flight_hosts", current.map(SweepTracker.Progress::inFlight).orElse(0));
        w.family("tcpfleet_sweep_oldest_in_flight_seconds", "gauge", "Age of the oldest poll under way (0 if none).")
                .sample("tcpfleet_sweep_oldest_in_flight_seconds", MetricsWriter.seconds(current
                        .filter(p -> p.oldestSince() != null).map(p -> millis(p.oldestSince(), now)).orElse(0L)));

        Optional<SweepTracker.Finished> last = sweeps.last();
        w.family("tcpfleet_sweeps_total", "counter", "Sweeps ended since the collector started.")
                .sample("tcpfleet_sweeps_total", sweeps.sweeps());
        if (last.isPresent()) {
            w.family("tcpfleet_sweep_duration_seconds", "gauge", "How long the last ended sweep took.")
                    .sample("tcpfleet_sweep_duration_seconds", MetricsWriter.seconds(last.get().duration().toMillis()));
            w.family("tcpfleet_last_sweep_timestamp_seconds", "gauge", "When the last sweep ended (Unix time).")
                    .sample("tcpfleet_last_sweep_timestamp_seconds", MetricsWriter.seconds(last.get().finishedAt().toEpochMilli()));
        }
        long all = 0;
        w.family("tcpfleet_poll_failures_total", "counter", "Failed polls by failure class since the collector started.");
        for (PollStatus s : PollStatus.values()) {
            all += sweeps.polls(s);
            if (!s.ok()) {
                w.sample("tcpfleet_poll_failures_total", sweeps.polls(s), "status", s.name());
            }
        }
        w.family("tcpfleet_polls_total", "counter", "Polls ended since the collector started, failed or not.")
                .sample("tcpfleet_polls_total", all);
        w.family("tcpfleet_ssh_kept_connections", "gauge", "SSH connections kept open between sweeps.")
                .sample("tcpfleet_ssh_kept_connections", config.keptConnections().getAsInt());
        w.family("tcpfleet_ssh_shell_restarts_total", "counter",
                        "Remote shell loops started again on a kept connection (the loop had ended: TMOUT, idle timeout, killed).")
                .sample("tcpfleet_ssh_shell_restarts_total", config.shellRestarts().getAsLong());
        w.family("tcpfleet_ssh_forced_command_logins", "gauge",
                        "Kept logins whose key or sshd forces a command: polled with one exec per poll.")
                .sample("tcpfleet_ssh_forced_command_logins", config.forcedCommands().getAsInt());
        health.cluster().ifPresent(c -> cluster(w, c));
    }

    /** Only a collector in a cluster (PostgreSQL) has these. */
    private static void cluster(MetricsWriter w, ClusterStatus c) {
        w.family("tcpfleet_cluster_nodes", "gauge", "Live collectors in this collector's cluster, itself included.")
                .sample("tcpfleet_cluster_nodes", c.liveNodes());
        w.family("tcpfleet_cluster_hosts_owned", "gauge", "Hosts this collector is to poll per interval (its share).")
                .sample("tcpfleet_cluster_hosts_owned", c.hostsOwned());
        w.family("tcpfleet_cluster_claims_lost_total", "counter",
                        "Hosts of this collector's share another collector had claimed first (views of membership differed).")
                .sample("tcpfleet_cluster_claims_lost_total", c.claimsLost());
        w.family("tcpfleet_cluster_database_up", "gauge", "1 if this collector's last heartbeat reached the database, else 0.")
                .sample("tcpfleet_cluster_database_up", c.reachable() ? 1 : 0);
        w.family("tcpfleet_cluster_inventory_differs", "gauge", "1 if a live collector reads another inventory than this one.")
                .sample("tcpfleet_cluster_inventory_differs", c.inventoryDiffers().isEmpty() ? 0 : 1);
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }
}
