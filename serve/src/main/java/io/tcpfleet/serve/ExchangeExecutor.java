package io.tcpfleet.serve;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK HttpServer's executor, bounded. The JDK reads a request's line and headers on the
 * executor's thread, in a blocking read with no timeout unless the JVM-wide property
 * {@code sun.net.httpserver.maxReqTime} was set before the first server was made; so a client that
 * never finishes its headers holds a worker for ever (two of them used to block the whole API).
 *
 * <p>Rather than set JDK properties for the whole JVM from a library, this bounds each exchange
 * itself: a watchdog interrupts a worker whose exchange outlives the deadline. The JDK reads and
 * writes through a {@link java.nio.channels.SocketChannel} in blocking mode, an interruptible
 * channel: the interrupt closes that connection and the read fails, which frees the worker. An
 * interrupt only ever reaches a thread while it runs the exchange it was meant for, and is cleared
 * before the thread takes the next one. Workers are many (slow clients cannot take them all) but
 * bounded, as is the queue; beyond both a connection is closed at once rather than piling up.
 */
final class ExchangeExecutor implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final long deadlineNanos;
    private final Map<Thread, Long> running = new HashMap<>(); // worker -> nanoTime it must end by; guarded by itself
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    ExchangeExecutor(ApiLimits limits) {
        this.deadlineNanos = limits.deadline().toNanos();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
                limits.queued() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.queued()), r -> {
                    Thread t = new Thread(r, "tcpfleet-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> {
                    rejected.incrementAndGet();
                    throw new RejectedExecutionException("API busy"); // the JDK closes this connection
                });
        pool.allowCoreThreadTimeOut(true); // threads only while there is work
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpfleet-api-deadline");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(1000, limits.deadline().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::interruptOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs the exchange; when workers and queue are full this throws, and the JDK closes the connection. */
    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> runBounded(exchange));
    }

    private void runBounded(Runnable exchange) {
        Thread self = Thread.currentThread();
        synchronized (running) {
            running.put(self, System.nanoTime() + deadlineNanos);
        }
        try {
            exchange.run();
        } finally {
            synchronized (running) {
                running.remove(self);
            }
            Thread.interrupted(); // an interrupt meant for this exchange must not reach the next
        }
    }

    private void interruptOverdue() {
        long now = System.nanoTime();
        synchronized (running) {
            for (Map.Entry<Thread, Long> e : running.entrySet()) {
                if (now - e.getValue() > 0) {
                    e.getKey().interrupt();
                    e.setValue(now + deadlineNanos); // again only if the closed channel did not end it
                    timedOut.incrementAndGet();
                }
            }
        }
    }

    /** Exchanges ended by the deadline since start. */
    long timedOut() {
        return timedOut.get();
    }

    /** Connections closed at once because every worker and queue place was taken. */
    long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.shutdown(); // answers come from memory: nothing to corrupt, nothing to wait for
    }
}
