package io.tcpfleet.cli;

import io.tcpfleet.storage.SampleStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A store being opened, at once or on a thread of its own while the command does something else
 * (a local poll: opening H2 takes about as long as reading /proc, and a second core does it
 * meanwhile). Closing waits for the open to end and closes what it opened; nothing interrupts it
 * (an interrupted embedded H2 risks its file).
 */
final class StoreOpening implements AutoCloseable {

    private final FutureTask<SampleStore> task;

    private StoreOpening(Supplier<SampleStore> open) {
        this.task = new FutureTask<>(open::get);
    }

    /** Opens now, on this thread: a failure is thrown here. */
    static StoreOpening now(Supplier<SampleStore> open) {
        StoreOpening o = new StoreOpening(open);
        o.task.run();
        o.get();
        return o;
    }

    /** Starts opening on another thread; {@link #get()} waits for it and throws what it threw. */
    static StoreOpening inBackground(Supplier<SampleStore> open) {
        StoreOpening o = new StoreOpening(open);
        Thread t = new Thread(o.task, "tcpfleet-store-open");
        t.setDaemon(true); // the command's end closes the store, or a failed open left nothing to close
        t.start();
        return o;
    }

    /** The open store, once opened. */
    SampleStore get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // never leave an embedded database half opened behind us
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the store once it is open; nothing if the open failed (its failure is {@link #get()}'s to report). */
    @Override
    public void close() {
        SampleStore store;
        try {
            store = get();
        } catch (RuntimeException | Error e) {
            return;
        }
        store.close();
    }
}
