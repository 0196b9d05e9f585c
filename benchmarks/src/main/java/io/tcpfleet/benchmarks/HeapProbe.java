package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.SocketTally;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a dump FILE from disk through the parser ROUNDS times per mode and prints throughput and
 * the peak heap used while doing so: the sum over heap pools of {@code getPeakUsage().getUsed()},
 * reset after a GC before each mode. Run it with a small -Xmx on a small and a large dump: the peak
 * must not grow with the input.
 *
 * <p>Usage: {@code HeapProbe FILE [ROUNDS]}; prints {@code mode MB/s sockets/s peak_heap_MB}.
 */
public final class HeapProbe {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long size = Files.size(file);
        for (String mode : new String[] {"states", "full"}) {
            ProcNetTcpParser parser = new ProcNetTcpParser(
                    mode.equals("states") ? TallyOptions.statesOnly() : TallyOptions.full());
            for (int w = 0; w < 2; w++) { // warm up
                try (InputStream in = Files.newInputStream(file)) {
                    parser.parse(in);
                }
            }
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long sockets = 0;
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                try (InputStream in = Files.newInputStream(file)) {
                    SocketTally t = parser.parse(in);
                    sockets += t.total();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("%s %.0f %.0f %.1f%n", mode, size * (double) rounds / seconds / 1e6,
                    sockets / seconds, peak / 1e6);
        }
    }
}
