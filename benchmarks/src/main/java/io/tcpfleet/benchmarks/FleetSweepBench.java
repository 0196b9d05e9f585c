package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sweeps a fleet with the real collector code and reports what one sweep costs this JVM: wall
 * time, process CPU (this JVM only: the fleet runs elsewhere), CPU per host-poll, threads and
 * heap.
 *
 * <pre>FleetSweepBench HOST_LIST KNOWN_HOSTS KEY USER CONCURRENCY fresh|persistent SWEEPS</pre>
 * Prints one line per sweep: {@code sweep=1 hosts=1000 ok=1000 wall_ms=... cpu_ms=... cpu_per_host_ms=...
 * threads_peak=... heap_peak_mb=... heap_after_gc_mb=...}.
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
        SshTransport.ConnectionMode mode = SshTransport.ConnectionMode.valueOf(args[5].toUpperCase());
        int sweeps = Integer.parseInt(args[6]);
        SshSettings settings = SshSettings.defaults().withKnownHosts(Path.of(args[1]), false)
                .withIdentities(List.of(Path.of(args[2]))).withDefaultUser(args[3])
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(60));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        try (SshTransport transport = new SshTransport(settings, mode);
             Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC(), concurrency)) {
            long[] peakUsed = new long[1];
            Thread sampler = new Thread(() -> { // the whole heap's use, sampled: pools peak at different times
                var mem = ManagementFactory.getMemoryMXBean();
                while (!Thread.currentThread().isInterrupted()) {
                    synchronized (peakUsed) {
                        peakUsed[0] = Math.max(peakUsed[0], mem.getHeapMemoryUsage().getUsed());
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            for (int s = 1; s <= sweeps; s++) {
                System.gc();
                synchronized (peakUsed) {
                    peakUsed[0] = 0;
                }
                threads.resetPeakThreadCount();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<PollResult> results = poller.pollAll(hosts);
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long ok = results.stream().filter(PollResult::ok).count();
                Map<String, Integer> failures = new TreeMap<>();
                results.stream().filter(r -> !r.ok()).forEach(r -> failures.merge(r.status() + ": " + r.error(), 1, Integer::sum));
                long peak;
                synchronized (peakUsed) {
                    peak = peakUsed[0];
                }
                System.gc();
                long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("sweep=%d mode=%s hosts=%d ok=%d wall_ms=%d cpu_ms=%d cpu_per_host_ms=%.2f threads_peak=%d"
                                + " heap_peak_mb=%d heap_after_gc_mb=%d kept=%d%n",
                        s, mode.name().toLowerCase(), hosts.size(), ok, wall / 1_000_000, cpu / 1_000_000,
                        cpu / 1e6 / hosts.size(), threads.getPeakThreadCount(), peak >> 20, after >> 20,
                        transport.keptConnections());
                failures.entrySet().stream().limit(5).forEach(f -> System.err.println("  " + f.getValue() + "x " + f.getKey()));
            }
        }
    }

    private FleetSweepBench() {
    }
}
