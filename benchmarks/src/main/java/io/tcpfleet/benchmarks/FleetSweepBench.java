package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sweeps a fleet with the real collector code and reports what each sweep costs this JVM: wall
 * time and per-poll time (median, 99th percentile, max), process CPU (this JVM only: the fleet runs
 * elsewhere), CPU per host-poll, threads, heap (sampled peak, and live after a full GC), resident
 * memory and, with
 * {@code -XX:NativeMemoryTracking=summary}, committed native memory by kind. Memory is read after
 * each sweep once the pool idles, as a collector sits between sweeps; after the last sweep the kept
 * connections are closed and the heap they held is reported.
 *
 * <pre>FleetSweepBench HOST_LIST KNOWN_HOSTS KEY USER CONCURRENCY fresh|persistent SWEEPS [INTERVAL_S [LABEL]]</pre>
 * Sweeps start INTERVAL_S seconds apart (default 0: back to back), as {@code collect}'s do.
 * Prints one line per sweep ({@code sweep=1 run=LABEL mode=persistent hosts=... ok=... wall_ms=...}),
 * then {@code closed ... kept_heap_kb=...}. Only collector API older than issue 12 is used, so the
 * benchmark script can run this class in front of the old collector for the baseline.
 */
public final class FleetSweepBench {

    public static void main(String[] args) throws Exception {
        List<Host> hosts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                Endpoint e = Endpoint.parse(line.trim(), null);
                hosts.add(Host.ssh(e.host(), e.host(), e.port(), null));
            }
        }
        int concurrency = Integer.parseInt(args[4]);
        SshTransport.ConnectionMode mode = SshTransport.ConnectionMode.valueOf(args[5].toUpperCase(Locale.ROOT));
        int sweeps = Integer.parseInt(args[6]);
        long intervalNanos = Duration.ofSeconds(args.length > 7 ? Long.parseLong(args[7]) : 0).toNanos();
        String label = args.length > 8 ? args[8] : "tcpfleet";
        SshSettings settings = SshSettings.defaults().withKnownHosts(Path.of(args[1]), false)
                .withIdentities(List.of(Path.of(args[2]))).withDefaultUser(args[3])
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(60));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HeapSampler sampler = new HeapSampler();
        SshTransport transport = new SshTransport(settings, mode);
        try (Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC(), concurrency)) {
            long start = System.nanoTime();
            for (int s = 1; s <= sweeps; s++) {
                long due = start + (s - 1) * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.sleep(Math.max(1, Math.min(1000, (due - System.nanoTime()) / 1_000_000)));
                }
                sampler.reset();
                threads.resetPeakThreadCount();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<PollResult> results = poller.pollAll(hosts);
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long ok = results.stream().filter(PollResult::ok).count();
                Map<String, Integer> failures = new TreeMap<>();
                results.stream().filter(r -> !r.ok()).forEach(r -> failures.merge(r.status() + ": " + r.error(), 1, Integer::sum));
                long[] pollMs = results.stream().mapToLong(r -> r.duration().toMillis()).sorted().toArray();
                results = null; // what is measured next is what a collector keeps between sweeps
                long peak = sampler.peak();
                Thread.sleep(1000); // idle, as between sweeps: kept connections settle
                long after = usedHeapAfterGc();
                Map<String, Long> nmt = ProcessMemory.nativeCommittedMb();
                System.out.printf(Locale.ROOT, "sweep=%d run=%s mode=%s hosts=%d ok=%d wall_ms=%d cpu_ms=%d cpu_per_host_ms=%.2f"
                                + " threads_peak=%d threads=%d heap_peak_mb=%d heap_after_gc_mb=%d kept=%d rss_mb=%d rss_peak_mb=%d"
                                + " nmt_total_mb=%d nmt_heap_mb=%d nmt_stacks_mb=%d nmt_other_mb=%d load1=%.2f"
                                + " poll_p50_ms=%d poll_p99_ms=%d poll_max_ms=%d%n",
                        s, label, mode.name().toLowerCase(Locale.ROOT), hosts.size(), ok, wall / 1_000_000, cpu / 1_000_000,
                        cpu / 1e6 / hosts.size(), threads.getPeakThreadCount(), threads.getThreadCount(), peak >> 20,
                        after >> 20, transport.keptConnections(), ProcessMemory.statusMb("VmRSS"),
                        ProcessMemory.statusMb("VmHWM"), nmt.getOrDefault("Total", -1L), nmt.getOrDefault("Java Heap", -1L),
                        nmt.getOrDefault("Thread stacks", -1L), nmt.getOrDefault("Other", -1L), os.getSystemLoadAverage(),
                        percentile(pollMs, 50), percentile(pollMs, 99), pollMs.length == 0 ? 0 : pollMs[pollMs.length - 1]);
                failures.entrySet().stream().limit(5).forEach(f -> System.err.println("  " + f.getValue() + "x " + f.getKey()));
            }
            long withKept = usedHeapAfterGc();
            int kept = transport.keptConnections();
            transport.close(); // logs out of every kept connection: the difference is what they held
            awaitFewerThreads(threads);
            long without = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "closed run=%s kept=%d heap_after_gc_mb=%d kept_heap_mb=%d kept_heap_kb=%.1f threads=%d%n",
                    label, kept, without >> 20, (withKept - without) >> 20, kept == 0 ? 0 : (withKept - without) / 1024.0 / kept,
                    threads.getThreadCount());
        } finally {
            transport.close();
            sampler.stop();
        }
    }

    /** Waits (at most 60 s) until the thread count stops falling: reader threads end after their connection closes. */
    static void awaitFewerThreads(ThreadMXBean threads) throws InterruptedException {
        int last = threads.getThreadCount();
        for (int steady = 0, i = 0; steady < 5 && i < 300; i++) {
            Thread.sleep(200);
            int now = threads.getThreadCount();
            steady = now < last ? 0 : steady + 1;
            last = now;
        }
    }

    static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The whole heap's use, sampled every 5 ms: the pools peak at different times. */
    private static final class HeapSampler {
        private final Thread thread;
        private long peak;

        HeapSampler() {
            var mem = ManagementFactory.getMemoryMXBean();
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long used = mem.getHeapMemoryUsage().getUsed();
                    synchronized (this) {
                        peak = Math.max(peak, used);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void reset() {
            peak = 0;
        }

        synchronized long peak() {
            return peak;
        }

        void stop() {
            thread.interrupt();
        }
    }

    private FleetSweepBench() {
    }
}
