package io.tcpfleet.cli;

import io.tcpfleet.serve.LatestSamples;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets a cluster node answer for every host of the cluster: once per interval it reads every
 * host's latest sample from the database (the other nodes' polls) into the API's latest values,
 * where a sample replaces the one held only if it is newer. Its own polls arrive there as they
 * end; the samples keep their own poll time, so the API's staleness stays true for both.
 */
final class ClusterReadThrough implements AutoCloseable {

    private final Supplier<SampleStore> opener;
    private final LatestSamples latest;
    private final ScheduledExecutorService timer;
    private SampleStore reader; // only on the timer's thread

    ClusterReadThrough(Supplier<SampleStore> opener, LatestSamples latest) {
        this.opener = opener;
        this.latest = latest;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpfleet-cluster-read");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            if (reader == null) {
                reader = opener.get();
            }
            latest.seed(reader.latest().stream().map(StoredSample::result).toList());
        } catch (RuntimeException e) {
            // The database is down: the writer and the plan say so; the API keeps what it has, aging truthfully.
            CollectLoop.LOG.debug("reading the cluster's latest samples failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader != null) {
            reader.close();
        }
    }
}
