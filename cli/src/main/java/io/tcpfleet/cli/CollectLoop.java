package io.tcpfleet.cli;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.serve.DaemonHealth;
import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SweepWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's loop: one sweep per interval, its hosts spread over the interval, each sweep handed
 * to the {@link SweepWriter} (which stores it in one transaction on its own thread, holding it in
 * memory while the store fails), one log line per sweep. Each result is handed on as its poll ends
 * ({@code progress}), and the sweep's course is reported to {@link DaemonHealth}.
 *
 * <p>{@link #stop()} (from a shutdown hook) starts no further host and wakes the loop; polls in
 * flight end by their own deadline, and the partial sweep is still handed over. Nothing here ever
 * interrupts a thread, since a thread interrupted inside embedded H2 may corrupt the file.
 */
final class CollectLoop {

    static final Logger LOG = LoggerFactory.getLogger("tcpfleet.collect");
    /** Failing hosts named in a sweep line; the rest are counted. */
    static final int NAMED = 5;

    private final Poller poller;
    private final SweepWriter writer;
    private final SweepPlan plan;
    private final Duration staleAfter;
    private final Poller.Listener progress;
    private final java.util.function.Consumer<List<PollResult>> afterSweep;
    private final DaemonHealth health;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Released at the end of the running pass's time to start polls, or by {@link #stop()}. */
    private volatile CountDownLatch cutoff;
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param writer    stores each sweep (and applies retention) on its own thread
     * @param spread    hosts' starts are spread over this part of the interval; it should leave a
     *                  host deadline before the next sweep
     * @param progress  told of each poll's start and result as it happens (the API's latest values)
     * @param staleAfter when a sample stops being current, stored with it for readers of the database
     * @param health    told of each sweep's start and end
     */
    CollectLoop(Poller poller, SweepWriter writer, List<Host> hosts, Duration interval, Duration spread,
                Duration staleAfter, Poller.Listener progress, java.util.function.Consumer<List<PollResult>> afterSweep,
                DaemonHealth health) {
        this(poller, writer, new SweepPlan.EveryInterval(hosts, interval, spread), staleAfter, progress, afterSweep, health);
    }

    /** @param plan when to sweep and which hosts: every host each interval, or a cluster node's claims */
    CollectLoop(Poller poller, SweepWriter writer, SweepPlan plan, Duration staleAfter, Poller.Listener progress,
                java.util.function.Consumer<List<PollResult>> afterSweep, DaemonHealth health) {
        this.poller = poller;
        this.writer = writer;
        this.plan = plan;
        this.staleAfter = staleAfter;
        this.progress = progress;
        this.afterSweep = afterSweep;
        this.health = health;
    }

    /** The hosts of the next sweep on (a reload); a sweep under way keeps its own. */
    void hosts(List<Host> next) {
        plan.hosts(next);
    }

    /** How much of the interval the starts are spread over: what is left after one host deadline, at most 90%. */
    static Duration spreadFor(Duration interval, Duration hostDeadline) {
        Duration left = interval.minus(hostDeadline);
        Duration cap = interval.multipliedBy(9).dividedBy(10);
        return left.isNegative() ? Duration.ZERO : left.compareTo(cap) > 0 ? cap : left;
    }

    /** Runs sweeps until {@link #stop()} or {@code maxSweeps} (0 = no limit); returns sweeps taken. */
    int run(int maxSweeps) {
        int sweeps = 0;
        try {
            while (stop.getCount() > 0 && (maxSweeps == 0 || sweeps < maxSweeps)) {
                Optional<SweepPlan.Pass> pass = plan.next(stop);
                if (pass.isEmpty()) {
                    break;
                }
                sweepOnce(pass.get());
                if (pass.get().counted()) {
                    sweeps++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
        return sweeps;
    }

    private void sweepOnce(SweepPlan.Pass pass) {
        List<Host> hosts = pass.hosts();
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        health.sweeps().sweepStarted(hosts.size());
        List<PollResult> results;
        CountDownLatch noMoreStarts = stop;
        if (pass.startWithin() != null) {
            noMoreStarts = new CountDownLatch(1);
            cutoff = noMoreStarts;
            if (stop.getCount() == 0) {
                noMoreStarts.countDown();
            }
            CompletableFuture.delayedExecutor(Math.max(0, pass.startWithin().toMillis()), TimeUnit.MILLISECONDS)
                    .execute(noMoreStarts::countDown);
        }
        try {
            results = poller.sweep(hosts, pass.spread(), noMoreStarts, progress);
        } finally {
            health.sweeps().sweepFinished();
        }
        Instant finishedAt = Instant.now();
        if (results.isEmpty()) {
            return;
        }
        writer.submit(PendingSweep.of(startedAt, finishedAt, results, staleAfter));
        try {
            afterSweep.accept(results); // the trapper push sends it even if storing fails
        } catch (RuntimeException e) {
            LOG.error("after-sweep step failed: {}", e.toString());
        }
        String line = summary(pass.label(), results, hosts.size(), System.nanoTime() - t0,
                stop.getCount() == 0 ? "stopping" : "the interval slot ended first: the next one's claims take them");
        String failing = writer.failing();
        if (failing != null) {
            LOG.warn("{}; NOT stored yet, {} sweep(s) held in memory: the store is failing", line, writer.held());
        } else {
            LOG.info(line);
        }
    }

    /**
     * "sweep: 998/1000 ok, 2 failed (TIMEOUT 1, REFUSED 1: db3, web9), 8s", naming the first
     * {@value #NAMED} failing hosts and how many more.
     */
    static String summary(List<PollResult> results, int planned, long nanos) {
        return summary("sweep", results, planned, nanos, "stopping");
    }

    /** @param notPolledBecause why hosts planned were not started, when some were not */
    static String summary(String label, List<PollResult> results, int planned, long nanos, String notPolledBecause) {
        Map<PollStatus, Integer> failures = new EnumMap<>(PollStatus.class);
        List<String> failing = new ArrayList<>();
        int ok = 0;
        for (PollResult r : results) {
            if (r.ok()) {
                ok++;
            } else {
                failures.merge(r.status(), 1, Integer::sum);
                failing.add(r.host().name());
            }
        }
        StringBuilder b = new StringBuilder(label).append(": ").append(ok).append('/').append(planned).append(" ok");
        if (!failing.isEmpty()) {
            StringJoiner classes = new StringJoiner(", ");
            failures.forEach((status, n) -> classes.add(status + " " + n));
            b.append(", ").append(failing.size()).append(" failed (").append(classes).append(": ")
                    .append(String.join(", ", failing.subList(0, Math.min(NAMED, failing.size()))));
            if (failing.size() > NAMED) {
                b.append(" and ").append(failing.size() - NAMED).append(" more");
            }
            b.append(')');
        }
        if (results.size() < planned) {
            b.append(", ").append(planned - results.size()).append(" not polled (").append(notPolledBecause).append(')');
        }
        b.append(", ").append(DurationText.of(Duration.ofNanos(nanos)));
        return b.toString();
    }

    /** Starts no further host and ends the loop after the current sweep is handed to the writer. */
    void stop() {
        stop.countDown();
        CountDownLatch c = cutoff;
        if (c != null) {
            c.countDown();
        }
    }

    /** Waits for the loop to end; false if it did not within {@code timeout}. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
