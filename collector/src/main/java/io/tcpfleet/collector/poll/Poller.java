package io.tcpfleet.collector.poll;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.PollFailure;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.SocketTally;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls hosts through a transport into {@link PollResult}s, at most {@code concurrency} at a time.
 * Every outcome is a result: nothing a host does escapes as an exception, and since every
 * transport enforces its own per-host deadline, one hanging host delays no other.
 */
public final class Poller implements AutoCloseable {

    /** Told of each host's result as it arrives (from pool threads). */
    @FunctionalInterface
    public interface Listener {
        void polled(PollResult result, int done, int total);

        /** A host's poll starts now (from the pool thread that runs it): what is in flight can be watched. */
        default void started(Host host) {
        }
    }

    private final Transport transport;
    private final TallyOptions options;
    private final Clock clock;
    private final ExecutorService pool;
    private final ThreadLocal<ProcNetTcpParser> parsers;

    public Poller(Transport transport, TallyOptions options, Clock clock, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency < 1");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "tcpfleet-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.parsers = ThreadLocal.withInitial(() -> new ProcNetTcpParser(options, ProcNetTcpParser.STREAM_BUFFER));
    }

    public Poller(Transport transport, TallyOptions options, Clock clock) {
        this(transport, options, clock, 1);
    }

    /** Polls every host once; results in the order of {@code hosts}. */
    public List<PollResult> pollAll(List<Host> hosts) {
        return pollAll(hosts, (r, done, total) -> { });
    }

    public List<PollResult> pollAll(List<Host> hosts, Listener listener) {
        AtomicInteger done = new AtomicInteger();
        List<Future<PollResult>> futures = new ArrayList<>(hosts.size());
        for (Host host : hosts) {
            futures.add(pool.submit(() -> {
                listener.started(host);
                PollResult r = poll(host, parsers.get());
                listener.polled(r, done.incrementAndGet(), hosts.size());
                return r;
            }));
        }
        List<PollResult> results = new ArrayList<>(hosts.size());
        for (int i = 0; i < futures.size(); i++) {
            results.add(await(futures.get(i), hosts.get(i)));
        }
        return results;
    }

    /**
     * One sweep spread over {@code window}: host {@code i} of {@code n} starts no earlier than
     * {@code i * window / n} after the call, so a fleet's logins do not all land at once. Once
     * {@code stop} is counted down no further host starts (polls in flight finish, bounded by their
     * deadline). Returns the results of the hosts that were polled, in the order of {@code hosts}.
     */
    public List<PollResult> sweep(List<Host> hosts, Duration window, CountDownLatch stop, Listener listener) {
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        long windowNanos = window.toNanos();
        int n = hosts.size();
        List<Future<PollResult>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Host host = hosts.get(i);
            long startAt = t0 + (n == 0 ? 0 : (long) (windowNanos * ((double) i / n)));
            futures.add(pool.submit(() -> {
                // Tasks start in submission order and their start times only grow, so waiting here
                // holds back no host that was due earlier.
                long wait = startAt - System.nanoTime();
                if (stop.getCount() == 0 || (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS))) {
                    return null; // stopping: not started
                }
                listener.started(host);
                PollResult r = poll(host, parsers.get());
                listener.polled(r, done.incrementAndGet(), n);
                return r;
            }));
        }
        List<PollResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PollResult r = await(futures.get(i), hosts.get(i));
            if (r != null) {
                results.add(r);
            }
        }
        return results;
    }

    /** Polls one host on the calling thread. */
    public PollResult poll(Host host) {
        return poll(host, parsers.get());
    }

    private PollResult await(Future<PollResult> f, Host host) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PollResult.failed(host, clock.instant(), Duration.ZERO, PollStatus.TIMEOUT, "poll abandoned: interrupted", 0);
        } catch (ExecutionException e) {
            return PollResult.failed(host, clock.instant(), Duration.ZERO, PollStatus.COMMAND_FAILED,
                    "poll failed: " + e.getCause(), 0);
        }
    }

    PollResult poll(Host host, ProcNetTcpParser parser) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        TallyOptions hostOptions = options.withByteOrder(host.byteOrder());
        SocketTally[] tally = new SocketTally[1];
        try {
            String note = transport.read(host, in -> tally[0] = parser.parse(in, hostOptions));
            return PollResult.ok(host, start, since(t0), tally[0], note);
        } catch (ProcNetTcpParseException e) {
            return PollResult.failed(host, start, since(t0), PollStatus.PARSE_FAILED, e.getMessage(), 0);
        } catch (PollFailure e) {
            return PollResult.failed(host, start, since(t0), e.status(), e.getMessage(), e.bytes());
        } catch (IOException | RuntimeException e) {
            return PollResult.failed(host, start, since(t0), PollStatus.COMMAND_FAILED,
                    "reading output failed: " + e, 0);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Stops the pool threads; polls in flight end at their deadline. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
