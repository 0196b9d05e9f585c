package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.storage.PendingSweep;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep held in memory while the store fails really costs, against the estimate the
 * buffer bounds ({@link PendingSweep#bytes()}): SWEEPS sweeps of HOSTS hosts, each host's tally
 * parsed from FakeFleetServer's table of about SOCKETS sockets with ports and the top 20 peers
 * (what collect keeps), held at once; the heap after a full GC, before and after, divided.
 *
 * <pre>HeldSweepProbe [HOSTS [SOCKETS [SWEEPS]]]</pre>  prints {@code measured_bytes_per_host estimated_bytes_per_host}.
 */
public final class HeldSweepProbe {

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sockets = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int sweeps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        byte[] dump = FakeFleetServer.dump(sockets);
        ProcNetTcpParser parser = new ProcNetTcpParser(TallyOptions.full());
        List<Host> inventory = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            inventory.add(Host.ssh("host" + h, "127.1." + (h / 250) + "." + (1 + h % 250), 22, null));
        }
        long before = liveHeap();
        List<PendingSweep> held = new ArrayList<>();
        long estimated = 0;
        for (int s = 0; s < sweeps; s++) {
            Instant at = Instant.now();
            List<PollResult> results = new ArrayList<>(hosts);
            for (Host host : inventory) {
                results.add(PollResult.ok(host, at, Duration.ofMillis(20), parser.parse(new ByteArrayInputStream(dump)), null));
            }
            PendingSweep sweep = PendingSweep.of(at, Instant.now(), results);
            estimated += sweep.bytes();
            held.add(sweep);
        }
        long after = liveHeap();
        long n = (long) hosts * sweeps;
        System.out.printf("measured_bytes_per_host=%d estimated_bytes_per_host=%d (%d sweeps of %d hosts held, %d peers, %d ports each)%n",
                (after - before) / n, estimated / n, held.size(), hosts,
                held.get(0).results().get(0).tally().peers().size(), held.get(0).results().get(0).tally().ports().size());
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private HeldSweepProbe() {
    }
}
