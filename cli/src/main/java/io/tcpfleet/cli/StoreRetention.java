package io.tcpfleet.cli;

import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoreException;
import io.tcpfleet.storage.SweepWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code --retention} and {@code --breakdown-retention}, applied in bounded batches by the store's
 * writer once it has stored every held sweep (so never while the store is failing, and never at
 * the same time as a write).
 *
 * @param samples    samples older than this are deleted; {@code null} keeps everything
 * @param breakdowns per-port and per-peer history older than this is deleted (the samples stay);
 *                   {@code null} keeps it as long as the samples
 */
record StoreRetention(Duration samples, Duration breakdowns) implements SweepWriter.Housekeeping {

    static final int BATCH = 5_000;

    /** Zero durations (the options' "keep all") as null. */
    static StoreRetention of(Duration samples, Duration breakdowns) {
        return new StoreRetention(samples.isZero() ? null : samples, breakdowns.isZero() ? null : breakdowns);
    }

    @Override
    public void run(SampleStore store, PendingSweep last) {
        Instant now = last.finishedAt();
        if (samples != null) {
            try {
                int deleted = store.deleteOlderThan(now.minus(samples), BATCH);
                if (deleted > 0) {
                    CollectLoop.LOG.info("retention deleted {} samples older than {}", deleted, now.minus(samples));
                }
            } catch (StoreException e) {
                // most likely the store just went away: the next sweep's write finds out and says so,
                // instead of waiting out another connection timeout here first
                CollectLoop.LOG.error("retention failed: {}", e.getMessage());
                return;
            }
        }
        if (breakdowns != null) {
            try {
                store.deleteBreakdownsOlderThan(now.minus(breakdowns), BATCH);
            } catch (StoreException e) {
                CollectLoop.LOG.error("breakdown retention failed: {}", e.getMessage());
            }
        }
    }
}
