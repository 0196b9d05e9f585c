package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tmpfs;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, storage faults, on real parts: an H2 file on a real tmpfs that fills up, a database
 * shut down under the writer, a sweep the store refuses. Every sweep handed over is in the
 * database afterwards (count and timestamps), or is counted as not stored.
 */
class SweepWriterFaultTest {

    static final SweepWriter.Backoff FAST = new SweepWriter.Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @TempDir
    Path tmp;

    /** What the writer told its listener, in order. */
    static final class Events implements SweepWriter.Listener {
        final List<String> failures = new CopyOnWriteArrayList<>();
        volatile String failing;
        volatile int held;

        @Override
        public void storeWorks(int held) {
            this.failing = null;
            this.held = held;
        }

        @Override
        public void storeFails(String reason, int held) {
            if (!reason.equals(failing)) {
                failures.add(reason);
            }
            this.failing = reason;
            this.held = held;
        }
    }

    static SweepWriter writer(SampleStore first, java.util.function.Supplier<SampleStore> opener, Events events) {
        return new SweepWriter(first, opener, new SweepBuffer(new SweepBuffer.Limits(10_000, 256L << 20)), FAST, events,
                (store, last) -> { });
    }

    /** A writer of the H2 database in {@code data}, which it opens again after a failure. */
    static SweepWriter onDisk(Path data, Events events) {
        return writer(SampleStore.openDefault(data), () -> SampleStore.openDefault(data), events);
    }

    /** A sweep of {@code hosts} hosts at minute {@code i}; seeds vary so that breakdowns are stored too. */
    static PendingSweep sweep(int i, int hosts) {
        Instant at = Samples.T0.plusSeconds(60L * i);
        List<PollResult> results = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            results.add(Samples.ok("web" + h, at.plusMillis(h), i * 7L + h));
        }
        return PendingSweep.of(at, at.plusSeconds(2), results);
    }

    static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Every sweep taken is in the store, once, with its timestamps. */
    static void assertAllStored(SampleStore store, List<PendingSweep> sweeps, int hosts) {
        for (int h = 0; h < hosts; h += Math.max(1, hosts / 7)) {
            List<StoredSample> got = store.history("web" + h, Instant.EPOCH, Instant.now().plus(Duration.ofDays(3650)), false);
            List<Instant> want = new ArrayList<>();
            for (PendingSweep s : sweeps) {
                want.add(s.results().get(h).polledAt());
            }
            assertEquals(want, got.stream().map(x -> x.result().polledAt()).toList(), "web" + h + ": every sweep, once, in order");
        }
    }

    /**
     * The case: the database's own growth fills an 8 MB... here a 2 MB tmpfs; H2 fails with
     * "Writing to FileChannel failed" and closes its database. Before: no sweep was ever stored again.
     */
    @Test
    @RequiresE2E(Tool.ROOT)
    void aDiskFilledByTheDatabaseIsNamedAndTheHeldSweepsAreStoredOnceItGrows() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("2m")) {
            Path data = fs.dir().resolve("data");
            Events events = new Events();
            SweepWriter writer = onDisk(data, events);
            List<PendingSweep> sweeps = new ArrayList<>();
            int hosts = 100;
            // grow the database until the disk is full and a write fails
            for (int i = 0; events.failing == null; i++) {
                assertTrue(i < 400, "2 MB never filled up after " + i + " sweeps; free " + fs.free());
                PendingSweep s = sweep(i, hosts);
                sweeps.add(s);
                writer.submit(s);
                await("sweep " + i + " written or failed", Duration.ofSeconds(30), () -> writer.held() == 0 || events.failing != null);
            }
            String reason = events.failing;
            assertTrue(reason.contains("no space left on device on " + data + " ("), reason);
            assertTrue(reason.matches("(?s).*\\(\\d[\\d,]* bytes free\\).*"), reason);
            assertEquals(1, events.failures.size(), "one plain reason, not H2's chain: " + events.failures);

            // it keeps taking sweeps while full; they wait in memory
            for (int i = 0; i < 5; i++) {
                PendingSweep s = sweep(sweeps.size(), hosts);
                sweeps.add(s);
                writer.submit(s);
            }
            Thread.sleep(1000); // several tries fail meanwhile (backoff 100-400 ms)
            assertTrue(writer.held() >= 6, "held while full: " + writer.held());
            assertEquals(writer.held(), events.held, "the listener knows how many are held");

            fs.resize("64m"); // as the issue did: remount with more space
            await("every held sweep stored", Duration.ofSeconds(30), () -> writer.held() == 0 && events.failing == null);
            SweepLedger ledger = writer.finish(Duration.ofSeconds(10));
            assertEquals(new SweepLedger(sweeps.size(), sweeps.size(), 0, 0, 0), ledger);
            try (SampleStore store = SampleStore.openDefault(data)) {
                assertAllStored(store, sweeps, hosts);
            }
            try (Stream<Path> files = Files.list(data)) {
                assertEquals(List.of(data.resolve("tcpfleet.mv.db")), files.toList(), "no trace file on the full disk");
            }
        }
    }

    /** A filler takes the rest of the disk while the daemon runs; deleting it frees the space. */
    @Test
    @RequiresE2E(Tool.ROOT)
    void aDiskFilledByAnotherFileIsNamedAndTheHeldSweepsAreStoredOnceItIsFreed() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("8m")) {
            Path data = fs.dir().resolve("data");
            Events events = new Events();
            SweepWriter writer = onDisk(data, events);
            List<PendingSweep> sweeps = new ArrayList<>();
            int hosts = 50;
            for (int i = 0; i < 3; i++) {
                sweeps.add(sweep(i, hosts));
                writer.submit(sweeps.get(i));
            }
            await("first sweeps stored", Duration.ofSeconds(30), () -> writer.held() == 0);
            assertNull(events.failing);
            Path filler = fs.fill("filler");
            for (int i = 3; events.failing == null; i++) {
                assertTrue(i < 200, "no write failed on a full disk after " + i + " sweeps");
                sweeps.add(sweep(i, hosts));
                writer.submit(sweeps.get(i));
                Thread.sleep(50);
            }
            assertTrue(events.failing.contains("no space left on device on " + data), events.failing);
            int full = sweeps.size();
            for (int i = full; i < full + 4; i++) {
                sweeps.add(sweep(i, hosts));
                writer.submit(sweeps.get(i));
            }
            Files.delete(filler);
            await("every held sweep stored", Duration.ofSeconds(30), () -> writer.held() == 0 && events.failing == null);
            assertEquals(new SweepLedger(sweeps.size(), sweeps.size(), 0, 0, 0), writer.finish(Duration.ofSeconds(10)));
            try (SampleStore store = SampleStore.openDefault(data)) {
                assertAllStored(store, sweeps, hosts);
            }
        }
    }

    /** Any other fatal error: the database is shut down under the writer (a SHUTDOWN from another connection). */
    @Test
    void aDatabaseClosedUnderTheWriterIsOpenedAgainAndNothingIsLost() throws Exception {
        Events events = new Events();
        SampleStore first = SampleStore.openDefault(tmp);
        String url = "jdbc:h2:file:" + tmp.resolve("tcpfleet") + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
        SweepWriter writer = writer(first, () -> SampleStore.openDefault(tmp), events);
        List<PendingSweep> sweeps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweeps.add(sweep(i, 5));
            writer.submit(sweeps.get(i));
        }
        await("first sweeps stored", Duration.ofSeconds(30), () -> writer.held() == 0);
        try (Connection other = DriverManager.getConnection(url, "sa", ""); Statement st = other.createStatement()) {
            st.execute("SHUTDOWN");
        }
        for (int i = 2; i < 6; i++) {
            sweeps.add(sweep(i, 5));
            writer.submit(sweeps.get(i));
        }
        await("every sweep stored", Duration.ofSeconds(30), () -> writer.held() == 0 && events.failing == null);
        assertEquals(1, events.failures.size(), events.failures.toString());
        assertTrue(events.failures.get(0).contains("the database has been closed (a SHUTDOWN from another connection"), events.failures.toString());
        assertEquals(new SweepLedger(6, 6, 0, 0, 0), writer.finish(Duration.ofSeconds(10)));
        try (SampleStore store = SampleStore.openDefault(tmp)) {
            assertAllStored(store, sweeps, 5);
        }
    }

    /** Data the store refuses (a value too long) cannot succeed by retrying: that sweep is given up, loudly, and counted. */
    @Test
    void aSweepTheStoreRefusesIsCountedNotRetriedForever() throws Exception {
        Events events = new Events();
        SweepWriter writer = onDisk(tmp, events);
        Instant at = Samples.T0;
        writer.submit(PendingSweep.of(at, at, List.of(Samples.ok("x".repeat(300), at, 1))));
        PendingSweep fine = sweep(1, 3);
        writer.submit(fine);
        await("both settled", Duration.ofSeconds(30), () -> writer.held() == 0);
        assertTrue(events.failures.isEmpty(), "the store itself works: " + events.failures);
        assertEquals(new SweepLedger(2, 1, 0, 1, 0), writer.finish(Duration.ofSeconds(10)));
        try (SampleStore store = SampleStore.openDefault(tmp)) {
            assertAllStored(store, List.of(fine), 3);
        }
    }
}
