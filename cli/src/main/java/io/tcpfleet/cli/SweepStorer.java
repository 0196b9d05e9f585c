package io.tcpfleet.cli;

import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SampleStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Stores one sweep on a thread of its own, for a one-shot command: opens the store as soon as it
 * starts, writes the sweep it is handed, then closes the store. The command meanwhile polls, and
 * renders its output while the sweep is written and the store closes: on two cores a one-shot
 * {@code poll --local} overlaps opening H2 with reading /proc, and closing it with printing.
 * Nothing interrupts the thread (an interrupted embedded H2 risks its file); {@link #close()}
 * waits for it to end.
 */
final class SweepStorer implements AutoCloseable {

    private final CompletableFuture<SampleStore> opened = new CompletableFuture<>();
    /** The sweep to write, or null when the command ends without one (it failed before). */
    private final CompletableFuture<PendingSweep> handed = new CompletableFuture<>();
    private final CompletableFuture<Long> written = new CompletableFuture<>();
    private final Thread thread;

    private SweepStorer(Supplier<SampleStore> open) {
        this.thread = new Thread(() -> run(open), "tcpfleet-store");
    }

    /** Starts opening the store with {@code open}. */
    static SweepStorer start(Supplier<SampleStore> open) {
        SweepStorer s = new SweepStorer(open);
        s.thread.start();
        return s;
    }

    private void run(Supplier<SampleStore> open) {
        SampleStore store;
        try {
            store = open.get();
            opened.complete(store);
        } catch (RuntimeException | Error e) {
            opened.completeExceptionally(e);
            written.completeExceptionally(e);
            return;
        }
        try {
            PendingSweep sweep = handed.join();
            if (sweep != null) {
                written.complete(store.writeSweep(sweep));
            }
        } catch (RuntimeException | Error e) {
            written.completeExceptionally(e);
        } finally {
            store.close();
        }
    }

    /** Waits until the store is open; throws what opening it threw (before a long sweep: fail fast). */
    void awaitOpen() {
        join(opened);
    }

    /** Hands the sweep over to be written. */
    void write(PendingSweep sweep) {
        handed.complete(sweep);
    }

    /** Waits until the handed sweep is stored (durably: the store checkpoints each write); throws what failed. */
    long awaitWritten() {
        return join(written);
    }

    /** Waits for the store to be closed (after the write, or at once when no sweep was handed). */
    @Override
    public void close() {
        handed.complete(null);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // let the store close: the JVM must not end under an open H2
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
