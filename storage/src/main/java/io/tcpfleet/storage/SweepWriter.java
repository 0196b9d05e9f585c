package io.tcpfleet.storage;

import io.tcpfleet.model.DurationText;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores sweeps on a thread of its own, so that a failing store never holds up polling: sweeps
 * wait in a {@link SweepBuffer} and are written oldest first, each in its own transaction. When a
 * write fails the sweep stays in the buffer, the failure is reported plainly to the
 * {@link Listener}, and the write is tried again after a growing delay ({@link Backoff}). An
 * embedded H2 database closes itself for good on a failed write (a full disk), so it is closed
 * in order (pool, then database) and opened again for the next try; a server database
 * (PostgreSQL) keeps its pool, which reconnects by itself. A sweep whose data the store refuses
 * (an SQL data or constraint error: retrying cannot help) is given up and counted.
 *
 * <p>Nothing here interrupts a thread: {@link #finish} asks the writer to stop, lets it try the
 * held sweeps until a deadline, and waits for it.
 */
public final class SweepWriter {

    private static final Logger LOG = LoggerFactory.getLogger("tcpfleet.store");
    /** How long {@link #finish} waits beyond its deadline for a write under way to end. */
    public static final Duration WRITE_GRACE = Duration.ofSeconds(15);

    /** Told how the store is doing after every write and every sweep handed over. Called under the writer's lock. */
    public interface Listener {
        /** The store takes sweeps; {@code held} are waiting. */
        void storeWorks(int held);

        /** The store cannot take sweeps: {@code reason} says why; {@code held} wait in memory. */
        void storeFails(String reason, int held);
    }

    /** Work on the store once every held sweep is stored (retention): run by the writer, never concurrently with a write. */
    @FunctionalInterface
    public interface Housekeeping {
        void run(SampleStore store, PendingSweep last);
    }

    /** Delays between tries: {@code first}, doubling, at most {@code max}. */
    public record Backoff(Duration first, Duration max) {
        public Backoff {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < first <= max: " + first + ", " + max);
            }
        }

        public Duration after(int failures) {
            Duration d = first;
            for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    private final Supplier<SampleStore> opener;
    private final SweepBuffer buffer;
    private final Backoff backoff;
    private final Listener listener;
    private final Housekeeping housekeeping;
    private final Object lock = new Object();
    private final Thread thread;
    /** The open store; null after an embedded one was closed for a failure, until it is opened again. */
    private volatile SampleStore store;
    /** Guarded by {@link #lock}. */
    private String failing;
    private long nextTry = System.nanoTime();
    private boolean stopping;
    private long stopBy;
    /** Writer thread only. */
    private int failures;
    private long failingSince;
    private PendingSweep lastFailed;
    /** The store works again and the sweeps held meanwhile are being stored. */
    private boolean catchingUp;

    /**
     * Starts the writer.
     *
     * @param store  the open store it owns from now on (and closes in {@link #finish})
     * @param opener opens the same database again after a failure (embedded H2 only)
     */
    public SweepWriter(SampleStore store, Supplier<SampleStore> opener, SweepBuffer buffer, Backoff backoff,
                       Listener listener, Housekeeping housekeeping) {
        this.store = store;
        this.opener = opener;
        this.buffer = buffer;
        this.backoff = backoff;
        this.listener = listener;
        this.housekeeping = housekeeping;
        this.thread = new Thread(this::run, "tcpfleet-store-writer");
        thread.setDaemon(true); // a write stuck in a driver must not keep the JVM alive after finish() gave up on it
        thread.start();
    }

    /** Hands a sweep over to be stored; never blocks on the store. */
    public void submit(PendingSweep sweep) {
        buffer.add(sweep);
        synchronized (lock) {
            report();
            lock.notifyAll();
        }
    }

    /** Why the store fails now, or null when its last write succeeded. */
    public String failing() {
        synchronized (lock) {
            return failing;
        }
    }

    /** Sweeps waiting in memory. */
    public int held() {
        return buffer.size();
    }

    /**
     * Takes no more sweeps, keeps trying the held ones for at most {@code within}, waits for the
     * writer to end (never interrupting it), closes the store, and returns the account of every
     * sweep handed over.
     */
    public SweepLedger finish(Duration within) {
        synchronized (lock) {
            if (!stopping) {
                stopping = true;
                stopBy = System.nanoTime() + within.toNanos();
                nextTry = System.nanoTime(); // one more try at once, whatever the backoff
                lock.notifyAll();
            }
        }
        try {
            thread.join(within.plus(WRITE_GRACE).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("a store write is still under way {} after the stop deadline: closing the database anyway", WRITE_GRACE);
        }
        SampleStore s = store;
        store = null;
        if (s != null) {
            s.close();
        }
        return buffer.ledger();
    }

    private void run() {
        try {
            while (true) {
                PendingSweep sweep;
                synchronized (lock) {
                    if (!awaitTurn()) {
                        return;
                    }
                    sweep = buffer.next().orElseThrow();
                }
                attempt(sweep);
            }
        } catch (Error e) {
            // out of memory, or a bug: nothing will be stored any more, and that must not be silent
            synchronized (lock) {
                failing = "the store writer stopped: " + e;
                listener.storeFails(failing, buffer.size());
            }
            LOG.error("the store writer stopped: nothing more will be stored until collect restarts", e);
            throw e;
        }
    }

    /** Waits until a held sweep is due; false when the writer is to end. Holds {@link #lock}. */
    private boolean awaitTurn() {
        while (true) {
            long now = System.nanoTime();
            int held = buffer.size();
            if (stopping && (held == 0 || now - stopBy >= 0)) {
                return false;
            }
            if (held > 0 && now - nextTry >= 0) {
                return true;
            }
            long wait = held > 0 ? nextTry - now : Long.MAX_VALUE;
            if (stopping) {
                wait = Math.min(wait, stopBy - now);
            }
            try {
                if (wait == Long.MAX_VALUE) {
                    lock.wait();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(lock, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // nobody interrupts this thread; if someone did, end now
                return false;
            }
        }
    }

    private void attempt(PendingSweep sweep) {
        try {
            SampleStore s = store;
            if (s == null) {
                s = opener.get();
                store = s;
                LOG.warn("store: database {} opened again", Redact.url(s.url()));
            }
            if (sweep == lastFailed) {
                s.writeSweepUnlessStored(sweep);
            } else {
                s.writeSweep(sweep);
            }
            buffer.stored(sweep);
            succeeded(s, sweep);
        } catch (StoreException e) {
            if (refusedData(e)) {
                buffer.rejected(sweep);
                LOG.error("store: sweep of {} hosts started {} NOT stored, the store refused its data: {}",
                        sweep.hosts(), sweep.startedAt(), e.getMessage());
            } else {
                buffer.retryLater(sweep);
                // H2 closes a database a write failed in, and later writes meet only "closed": while
                // the store keeps failing, the failure that closed it stays the reason (/health, logs).
                failed(sweep, e instanceof DatabaseClosedException && failing() != null ? failing() : e.getMessage());
            }
        } catch (RuntimeException e) {
            buffer.retryLater(sweep);
            failed(sweep, e.toString());
        }
    }

    private void succeeded(SampleStore s, PendingSweep sweep) {
        int held = buffer.size();
        if (failures > 0) {
            LOG.warn("store works again after {} failed tries over {}: sweep started {} stored; {} held sweep(s) to store,"
                    + " oldest first", failures, DurationText.of(Duration.ofNanos(System.nanoTime() - failingSince).withNanos(0)),
                    sweep.startedAt(), held);
            catchingUp = true;
        }
        failures = 0;
        lastFailed = null;
        if (catchingUp && held == 0) {
            LOG.warn("store: every held sweep is stored");
            catchingUp = false;
        }
        synchronized (lock) {
            failing = null;
            listener.storeWorks(held);
            if (held == 0 && stopping) {
                return;
            }
        }
        if (held == 0) {
            try {
                housekeeping.run(s, sweep);
            } catch (RuntimeException e) {
                LOG.error("store housekeeping failed: {}", e.toString());
            }
        }
    }

    private void failed(PendingSweep sweep, String reason) {
        if (failures++ == 0) {
            failingSince = System.nanoTime();
        }
        lastFailed = sweep;
        Duration delay = backoff.after(failures);
        SampleStore s = store;
        if (s != null && s.embedded()) {
            store = null;
            s.close(); // H2 closed its database on the failed write: close ours in order and open it again next time
        }
        synchronized (lock) {
            boolean same = failing != null && sameWords(reason, failing);
            failing = reason;
            nextTry = System.nanoTime() + delay.toNanos();
            int held = buffer.size();
            if (same) {
                LOG.warn("store still failing ({} tries): {}; {} sweep(s) held in memory, next try in {}", failures,
                        reason, held, DurationText.of(delay));
            } else {
                LOG.error("store failing: {}; {} sweep(s) held in memory, next try in {}", reason, held, DurationText.of(delay));
            }
            listener.storeFails(reason, held);
        }
    }

    /** Tells the listener the current state. Holds {@link #lock}. */
    private void report() {
        if (failing != null) {
            listener.storeFails(failing, buffer.size());
        } else {
            listener.storeWorks(buffer.size());
        }
    }

    /** The same reason but for its numbers (the free bytes change from one try to the next). */
    private static boolean sameWords(String a, String b) {
        return a.replaceAll("[\\d,.]+", "#").equals(b.replaceAll("[\\d,.]+", "#"));
    }

    /** SQL data (22) and constraint (23) errors: the sweep itself is refused, the store is fine. */
    static boolean refusedData(StoreException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
