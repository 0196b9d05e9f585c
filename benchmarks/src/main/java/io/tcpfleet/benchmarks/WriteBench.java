package io.tcpfleet.benchmarks;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.storage.OpenMode;
import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.SweepBuffer;
import io.tcpfleet.storage.SweepLedger;
import io.tcpfleet.storage.SweepWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One collector's store path at full speed: {@link FleetDay}'s sweeps of hosts FIRST..FIRST+HOSTS-1
 * (every host with its ports and top-20 peers, as the collector tallies them) handed to a real
 * {@link SweepWriter} over a {@link SampleStore}, as {@code collect} does, one after the other as
 * soon as the writer has stored the previous ones (at most two waiting), for SWEEPS sweeps or
 * SECONDS seconds, whichever ends first. Two warm-up sweeps first (the hosts' rows, the JIT), then,
 * if GO_FILE is given, READY is printed and the measured sweeps wait for that file to exist, so
 * that several JVMs start writing together.
 *
 * <p>Prints {@code result HOSTS SWEEPS_STORED SAMPLES START_MS END_MS SAMPLES_PER_S}. The password,
 * if any, comes from {@code TCPFLEET_DB_PASSWORD}.
 *
 * <pre>WriteBench JDBC_URL FIRST HOSTS SWEEPS SECONDS [GO_FILE]</pre>
 */
public final class WriteBench {

    private static final int WARM_UP = 2;
    private static final int MAX_WAITING = 2;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int first = Integer.parseInt(args[1]);
        int hosts = Integer.parseInt(args[2]);
        int sweeps = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        Path go = args.length > 5 ? Path.of(args[5]) : null;
        FleetDay fleet = new FleetDay(first, hosts, 20261127L);
        // Sweeps a minute apart ending now (each JVM writes its own sweep rows, as each node does).
        Instant start = Instant.now().minus(Duration.ofMinutes(WARM_UP + sweeps));
        SampleStore store = SampleStore.open(url, System.getenv("TCPFLEET_DB_PASSWORD"), OpenMode.CREATE);
        SweepBuffer buffer = new SweepBuffer(new SweepBuffer.Limits(MAX_WAITING + 2, Long.MAX_VALUE));
        SweepWriter writer = new SweepWriter(store, () -> SampleStore.open(url, System.getenv("TCPFLEET_DB_PASSWORD"),
                OpenMode.CREATE), buffer, new SweepWriter.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new SweepWriter.Listener() {
                    @Override
                    public void storeWorks(int held) {
                    }

                    @Override
                    public void storeFails(String reason, int held) {
                        System.err.println("store fails: " + reason);
                    }
                }, (s, last) -> { });
        int n = 0;
        for (; n < WARM_UP; n++) {
            submit(writer, fleet, start.plus(Duration.ofMinutes(n)));
        }
        drain(writer, TimeUnit.SECONDS.toNanos(300));
        if (go != null) {
            System.out.println("READY");
            System.out.flush();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!Files.exists(go) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }
        long startMs = System.currentTimeMillis();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int measured = 0;
        while (measured < sweeps && System.nanoTime() < deadline) {
            while (writer.held() >= MAX_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            submit(writer, fleet, start.plus(Duration.ofMinutes(n++)));
            measured++;
        }
        drain(writer, TimeUnit.SECONDS.toNanos(300));
        long endMs = System.currentTimeMillis();
        SweepLedger ledger = writer.finish(Duration.ofSeconds(30));
        if (ledger.notStored() > 0) {
            System.err.println("not every sweep was stored: " + ledger.text());
            System.exit(1);
        }
        long samples = (long) measured * hosts;
        System.out.printf("result %d %d %d %d %d %.0f%n", hosts, measured, samples, startMs, endMs,
                samples * 1000.0 / Math.max(1, endMs - startMs));
    }

    private static void submit(SweepWriter writer, FleetDay fleet, Instant at) {
        List<PollResult> results = fleet.sweep(at);
        writer.submit(PendingSweep.of(at, at.plusSeconds(5), results));
    }

    /** Waits until every sweep handed over is stored (bounded). */
    private static void drain(SweepWriter writer, long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        while (writer.held() > 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("sweeps not stored after " + TimeUnit.NANOSECONDS.toSeconds(nanos) + " s");
            }
            Thread.sleep(1);
        }
    }

    private WriteBench() {
    }
}
