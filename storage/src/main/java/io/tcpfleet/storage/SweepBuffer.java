package io.tcpfleet.storage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps waiting for the store, oldest first, within a count and a heap limit: when either is
 * exceeded the oldest are dropped, with one log line saying how many and which. The sweep a writer
 * is storing right now ({@link #next()}) is never dropped under it; the newest sweep is always
 * kept. Thread-safe: the sweep loop adds, a writer takes, stores and settles.
 *
 * <p>It also keeps the account ({@link SweepLedger}) of every sweep handed to it, for a truthful
 * report at exit.
 */
public final class SweepBuffer {

    private static final Logger LOG = LoggerFactory.getLogger("tcpfleet.store");

    /**
     * @param maxSweeps sweeps held at most
     * @param maxBytes  estimated heap held at most ({@link PendingSweep#bytes()})
     */
    public record Limits(int maxSweeps, long maxBytes) {
        public Limits {
            if (maxSweeps < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("buffer limits must be positive: " + maxSweeps + " sweeps, " + maxBytes + " bytes");
            }
        }
    }

    private final Limits limits;
    private final Deque<PendingSweep> held = new ArrayDeque<>();
    /** The sweep being stored now: it stays in {@link #held} until settled, and is never dropped. */
    private PendingSweep inFlight;
    private long bytes;
    private long taken;
    private long stored;
    private long dropped;
    private long rejected;

    public SweepBuffer(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Holds a sweep; returns how many older sweeps were dropped to make room for it. */
    public synchronized int add(PendingSweep sweep) {
        held.addLast(sweep);
        bytes += sweep.bytes();
        taken++;
        return enforceLimits();
    }

    /** The oldest sweep, now in flight until {@link #stored}, {@link #rejected} or {@link #retryLater}. */
    public synchronized Optional<PendingSweep> next() {
        if (inFlight != null) {
            throw new IllegalStateException("a sweep is already being stored");
        }
        inFlight = held.peekFirst();
        return Optional.ofNullable(inFlight);
    }

    /** The store committed the sweep. */
    public synchronized void stored(PendingSweep sweep) {
        settle(sweep);
        stored++;
    }

    /** The store refused the sweep's data: it is given up (counted as not stored). */
    public synchronized void rejected(PendingSweep sweep) {
        settle(sweep);
        rejected++;
    }

    /** The store could not take the sweep now: it stays, and may be dropped like any other. */
    public synchronized void retryLater(PendingSweep sweep) {
        if (inFlight == sweep) {
            inFlight = null;
        }
        enforceLimits();
    }

    public synchronized int size() {
        return held.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized SweepLedger ledger() {
        return new SweepLedger(taken, stored, dropped, rejected, held.size());
    }

    private void settle(PendingSweep sweep) {
        if (inFlight != sweep) {
            throw new IllegalStateException("not the sweep in flight");
        }
        inFlight = null;
        held.remove(sweep);
        bytes -= sweep.bytes();
    }

    /** Drops the oldest sweeps (not the one in flight, not the newest) while over a limit. */
    private int enforceLimits() {
        int n = 0;
        Instant from = null;
        Instant to = null;
        Iterator<PendingSweep> it = held.iterator();
        while (over() && it.hasNext()) {
            PendingSweep s = it.next();
            if (s == inFlight || s == held.peekLast()) {
                continue;
            }
            it.remove();
            bytes -= s.bytes();
            dropped++;
            n++;
            from = from == null ? s.startedAt() : from;
            to = s.startedAt();
        }
        if (n > 0) {
            LOG.error("store buffer full ({} sweeps, {} KB held; limits {} sweeps, {} KB): dropped the oldest {} sweep(s),"
                    + " started {} to {}; {} dropped since start", held.size(), bytes / 1024, limits.maxSweeps(),
                    limits.maxBytes() / 1024, n, from, to, dropped);
        }
        return n;
    }

    private boolean over() {
        int counted = held.size() - (inFlight != null ? 1 : 0);
        long countedBytes = bytes - (inFlight != null ? inFlight.bytes() : 0);
        return counted > limits.maxSweeps() || countedBytes > limits.maxBytes();
    }
}
