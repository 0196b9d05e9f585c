package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * HOSTS hosts with the same socket table FILE, polled at once by the real {@link Poller} (one pool
 * thread and one parser per host, as {@code collect --concurrency HOSTS}), each reading the file as
 * its transport. Run it with a small -Xmx: it prints how many hosts came back OK, the failures,
 * and the peak heap used.
 *
 * <p>Usage: {@code ConcurrentTallyProbe FILE HOSTS}; prints {@code ok N/HOSTS peak_heap_MB [error]}.
 */
public final class ConcurrentTallyProbe {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Transport fromFile = (host, reader) -> {
            try (InputStream in = Files.newInputStream(file)) {
                reader.read(in);
            }
            return null;
        };
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(new Host("h" + i, "127.0.0." + (i + 1), 22, null, ByteOrder.LITTLE_ENDIAN));
        }
        List<PollResult> results;
        try (Poller poller = new Poller(fromFile, TallyOptions.full(), Clock.systemUTC(), n)) {
            results = poller.pollAll(hosts);
        }
        long ok = results.stream().filter(PollResult::ok).count();
        String error = results.stream().filter(r -> !r.ok()).map(PollResult::error).findFirst().orElse("");
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("ok %d/%d %.1f %s%n", ok, n, peak / 1e6, error);
    }
}
