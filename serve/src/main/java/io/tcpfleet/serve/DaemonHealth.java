package io.tcpfleet.serve;

import io.tcpfleet.model.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's own health, in one place that its parts report into and that {@code /health},
 * {@code /metrics} and the Zabbix items read: the sweep loop (through {@link #sweeps()}) and the
 * store ({@link #storeFailed}, {@link #storeRecovered}, {@link #bufferedSweeps(int)}). Unhealthy
 * means a client can no longer trust that fresh data arrives and is kept: the store is failing, a
 * sweep overruns its interval, or no sweep has started for two intervals.
 */
public final class DaemonHealth {

    private final Duration interval;
    private final SweepTracker sweeps;
    private volatile String storeProblem;
    private volatile int buffered;
    private volatile ClusterStatus cluster;

    public DaemonHealth(Duration interval, Clock clock) {
        this.interval = interval;
        this.sweeps = new SweepTracker(clock);
    }

    public SweepTracker sweeps() {
        return sweeps;
    }

    public Duration interval() {
        return interval;
    }

    /** The store cannot write (disk full, database closed, ...): {@code reason} says so plainly. */
    public void storeFailed(String reason) {
        storeProblem = reason;
    }

    /** The store writes again. */
    public void storeRecovered() {
        storeProblem = null;
    }

    /** Sweeps held in memory, not yet stored. */
    public void bufferedSweeps(int n) {
        buffered = n;
    }

    public int bufferedSweeps() {
        return buffered;
    }

    /** Where this collector stands in its cluster (PostgreSQL only; a single node on H2 never says). */
    public void cluster(ClusterStatus status) {
        cluster = status;
    }

    public Optional<ClusterStatus> cluster() {
        return Optional.ofNullable(cluster);
    }

    public Optional<String> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    /** The current sweep has run longer than the interval. */
    public boolean overrunning() {
        Instant now = sweeps.clock().instant();
        return sweeps.current().map(p -> Duration.between(p.startedAt(), now).compareTo(interval) > 0).orElse(false);
    }

    /** Why the daemon is unhealthy, one reason each; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Instant now = sweeps.clock().instant();
        String store = storeProblem;
        if (store != null) {
            out.add("store failing: " + store + (buffered > 0 ? " (" + buffered + " sweeps held in memory)" : ""));
        }
        ClusterStatus c = cluster;
        if (c != null && !c.inventoryDiffers().isEmpty()) {
            // Hosts would be divided by different lists: some polled twice, some left to the catch-up pass.
            out.add("inventory differs between cluster nodes: this node " + c.node() + " reads another inventory than "
                    + String.join(", ", c.inventoryDiffers()) + " (give every node the same copy)");
        }
        Optional<SweepTracker.Progress> current = sweeps.current();
        if (current.isPresent() && overrunning()) {
            SweepTracker.Progress p = current.get();
            StringBuilder b = new StringBuilder("sweep overrunning its interval of ").append(DurationText.of(interval))
                    .append(": running for ").append(age(p.startedAt(), now)).append(", ").append(p.pending())
                    .append(" of ").append(p.planned()).append(" hosts pending");
            if (p.oldestSince() != null) {
                b.append(", oldest poll in flight ").append(p.oldestHost()).append(" for ").append(age(p.oldestSince(), now));
            }
            out.add(b.toString());
        } else if (current.isEmpty() && Duration.between(sweeps.lastActivity(), now).compareTo(interval.multipliedBy(2)) > 0) {
            out.add("no sweep started for " + age(sweeps.lastActivity(), now) + " (interval " + DurationText.of(interval)
                    + "): the collect loop is stuck");
        }
        return out;
    }

    /** How sweeping goes, for a person: the sweep under way, else the last one. */
    public String sweepSummary() {
        Instant now = sweeps.clock().instant();
        Optional<SweepTracker.Finished> last = sweeps.last();
        Optional<SweepTracker.Progress> current = sweeps.current();
        StringBuilder b = new StringBuilder();
        if (last.isPresent()) {
            SweepTracker.Finished f = last.get();
            b.append("last sweep ").append(f.ok()).append('/').append(f.planned()).append(" ok in ")
                    .append(DurationText.of(f.duration())).append(", ended ").append(age(f.finishedAt(), now)).append(" ago");
        } else {
            b.append("no sweep ended yet");
        }
        ClusterStatus c = cluster;
        if (c != null) {
            b.append("; ").append(c.summary());
        }
        current.ifPresent(p -> b.append("; sweep under way: ").append(p.done()).append('/').append(p.planned())
                .append(" polled, ").append(p.inFlight()).append(" in flight"));
        return b.toString();
    }

    private static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        return DurationText.of(d.isNegative() ? Duration.ZERO : d.withNanos(0));
    }
}
