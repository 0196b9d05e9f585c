package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.DumpFileTransport;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.serve.DaemonHealth;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import io.tcpfleet.storage.SweepBuffer;
import io.tcpfleet.storage.SweepWriter;
import io.tcpfleet.testkit.KernelRows;
import io.tcpfleet.testkit.Tallies;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's loop over saved socket tables: sweeps per interval, spread starts, retention, stop. */
class CollectLoopTest {

    @TempDir
    Path dir;

    @Test
    void spreadLeavesOneDeadlineBeforeTheNextSweep() {
        assertEquals(Duration.ofSeconds(30), CollectLoop.spreadFor(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(54), CollectLoop.spreadFor(Duration.ofSeconds(60), Duration.ofSeconds(5)));
        assertEquals(Duration.ZERO, CollectLoop.spreadFor(Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    @Test
    void theSweepLineNamesTheFailingHostsAndReadsLikeADuration() {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        List<PollResult> results = new ArrayList<>();
        results.add(Tallies.host().result("web1", t));
        for (int i = 1; i <= 7; i++) {
            results.add(PollResult.failed(Host.ssh("db" + i, "10.0.0." + i, 22, null), t, Duration.ofSeconds(30),
                    i <= 2 ? PollStatus.REFUSED : PollStatus.TIMEOUT, "x", 0));
        }
        assertEquals("sweep: 1/9 ok, 7 failed (REFUSED 2, TIMEOUT 5: db1, db2, db3, db4, db5 and 2 more),"
                + " 1 not polled (stopping), 1m30s", CollectLoop.summary(results, 9, Duration.ofSeconds(90).toNanos()));
        assertEquals("sweep: 1/1 ok, 250ms", CollectLoop.summary(results.subList(0, 1), 1, 250_000_000L));
    }

    @Test
    void sweepsAreSpreadStoredAndExpired() throws Exception {
        // small saved tables, not this machine's /proc: a busy machine's would make the timing the test's subject
        Path dump = Files.writeString(dir.resolve("tcp.dump"), KernelRows.sshServer(0));
        List<Host> hosts = List.of(Host.ssh("a", dump.toString(), 22, null), Host.ssh("b", dump.toString(), 22, null));
        try (SampleStore store = SampleStore.openDefault(dir);
             DumpFileTransport transport = new DumpFileTransport(InputStream.nullInputStream());
             Poller poller = new Poller(transport, TallyOptions.statesOnly(), Clock.systemUTC(), 2)) {
            SweepWriter writer = writer(store, new StoreRetention(Duration.ofMillis(1500), null));
            CollectLoop loop = new CollectLoop(poller, writer, hosts, Duration.ofMillis(1000), Duration.ofMillis(400),
                    Duration.ofSeconds(3), (r, done, total) -> { }, results -> { }, new DaemonHealth(Duration.ofSeconds(1), Clock.systemUTC()));
            assertEquals(3, loop.run(3));

            Instant far = Instant.now().plusSeconds(60);
            // three sweeps ran; retention (1.5 s), run by the writer once it has stored the third,
            // removed the first sweep's samples
            long until = System.nanoTime() + 10_000_000_000L;
            List<StoredSample> a = store.history("a", Instant.EPOCH, far, false);
            while ((writer.held() > 0 || a.size() != 2) && System.nanoTime() < until) {
                Thread.sleep(50);
                a = store.history("a", Instant.EPOCH, far, false);
            }
            List<StoredSample> b = store.history("b", Instant.EPOCH, far, false);
            assertEquals(2, a.size(), a.toString());
            assertEquals(2, b.size(), b.toString());
            for (int i = 0; i < 2; i++) {
                long gap = Duration.between(a.get(i).result().polledAt(), b.get(i).result().polledAt()).toMillis();
                assertTrue(gap >= 150, "host b starts half the spread after host a, gap " + gap + " ms");
                long interval = i == 0 ? 0 : Duration.between(a.get(i - 1).result().polledAt(), a.get(i).result().polledAt()).toMillis();
                assertTrue(i == 0 || interval >= 900, "one sweep per interval, was " + interval + " ms");
            }
            // readers without the daemon judge the latest sample by the daemon's own limit
            assertEquals(Optional.of(Duration.ofSeconds(3)), store.latest("a").orElseThrow().staleAfter());
            assertEquals(0, writer.finish(Duration.ofSeconds(5)).notStored());
        }
    }

    @Test
    void stopEndsTheLoopBeforeTheNextSweep() throws Exception {
        Path dump = Files.writeString(dir.resolve("tcp.dump"), KernelRows.sshServer(0));
        try (SampleStore store = SampleStore.openDefault(dir);
             DumpFileTransport transport = new DumpFileTransport(InputStream.nullInputStream());
             Poller poller = new Poller(transport, TallyOptions.statesOnly(), Clock.systemUTC(), 1)) {
            SweepWriter writer = writer(store, new StoreRetention(null, null));
            CollectLoop loop = new CollectLoop(poller, writer, List.of(Host.ssh("a", dump.toString(), 22, null)), Duration.ofHours(1),
                    Duration.ZERO, Duration.ofHours(3), (r, done, total) -> { }, results -> { }, new DaemonHealth(Duration.ofSeconds(1), Clock.systemUTC()));
            Thread t = new Thread(() -> loop.run(0));
            t.start();
            Thread.sleep(500); // the first sweep ran; the loop now waits an hour
            loop.stop();
            assertTrue(loop.awaitFinished(Duration.ofSeconds(10)), "stop wakes the waiting loop");
            t.join(10_000);
            assertEquals(0, writer.finish(Duration.ofSeconds(10)).notStored());
        }
        try (SampleStore store = SampleStore.openDefault(dir)) {
            assertEquals(1, store.history("a", Instant.EPOCH, Instant.now().plusSeconds(5), false).size());
        }
    }

    /** A writer for a healthy store (the one the test opened; it is never opened again). */
    static SweepWriter writer(SampleStore store, SweepWriter.Housekeeping housekeeping) {
        return new SweepWriter(store, () -> {
            throw new AssertionError("the test's store was not expected to fail");
        }, new SweepBuffer(new SweepBuffer.Limits(100, 1 << 20)), new SweepWriter.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new SweepWriter.Listener() {
                    @Override
                    public void storeWorks(int held) {
                    }

                    @Override
                    public void storeFails(String reason, int held) {
                    }
                }, housekeeping);
    }
}
