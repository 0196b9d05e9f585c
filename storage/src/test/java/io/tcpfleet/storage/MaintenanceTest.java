package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Partitions ahead and retention: exact batched deletes on H2, whole days dropped on PostgreSQL. */
@ParameterizedClass
@EnumSource(Engine.class)
class MaintenanceTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    Engine.TestDatabase db;
    SampleStore store;

    /** web1 and web2 at 10:00 on the 24th, 25th and 26th. */
    @BeforeEach
    void threeDays() {
        db = engine.create(dir);
        store = db.open();
        for (int d = 2; d >= 0; d--) {
            Instant at = Instant.parse("2026-11-26T10:00:00Z").minus(Duration.ofDays(d));
            store.writeSweep(at, at, List.of(Samples.ok("web1", at, d), Samples.ok("web2", at, 10 + d)));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void partitionsAreMadeForTodayAndTheDaysAheadOnce() throws Exception {
        MaintenanceResult first = store.maintain(NOW, null);
        assertTrue(first.ran());
        assertEquals(0, first.samplesDeleted());
        if (engine == Engine.POSTGRESQL) {
            // the 26th exists already (a sample was written there); the 27th and 28th are new
            assertEquals(List.of("sample_p20261127", "breakdown_p20261127", "sample_p20261128", "breakdown_p20261128"),
                    first.partitionsCreated());
            assertEquals(List.of("sample_p20261124", "sample_p20261125", "sample_p20261126", "sample_p20261127",
                    "sample_p20261128"), partitions("sample"));
        } else {
            assertEquals(List.of(), first.partitionsCreated());
        }
        assertEquals(List.of(), store.maintain(NOW, null).partitionsCreated(), "made once");
    }

    @Test
    void retentionDeletesOldSamples() {
        MaintenanceResult r = store.maintain(NOW, Duration.ofDays(1)); // cutoff: the 25th at 12:00
        assertTrue(r.ran());
        if (engine == Engine.POSTGRESQL) {
            assertEquals(2, r.samplesDeleted(), "the 24th dropped whole; the 25th is the cutoff's day and stays");
            assertEquals(List.of("sample_p20261124", "breakdown_p20261124"), r.partitionsDropped());
            assertFalse(partitions("sample").contains("sample_p20261124"));
            assertEquals(2, store.history("web1", Instant.EPOCH, NOW, true).size());
        } else {
            assertEquals(4, r.samplesDeleted(), "the 24th and the 25th at 10:00: before the cutoff");
            assertEquals(1, store.history("web1", Instant.EPOCH, NOW, true).size());
        }
        List<StoredSample> kept = store.history("web1", Instant.EPOCH, NOW, true);
        Instant last = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(Samples.ok("web1", last, 0), kept.get(kept.size() - 1).result(), "the latest, exact");
        assertEquals(2, store.latest().size());
        // Once the 26th is past the cutoff too, everything goes, and new samples still arrive.
        Instant later = NOW.plus(Duration.ofDays(3));
        long rest = store.maintain(later, Duration.ofDays(1)).samplesDeleted();
        assertEquals(engine == Engine.POSTGRESQL ? 4 : 2, rest);
        assertTrue(store.latest().isEmpty());
        store.writeSweep(later, later, List.of(Samples.ok("web1", later, 5)));
        assertEquals(Samples.ok("web1", later, 5), store.latest("web1").orElseThrow().result());
    }

    /** While another node holds the maintenance lock, maintenance here does nothing and says so. */
    @Test
    void oneCallerMaintainsAtATime() throws Exception {
        if (engine == Engine.POSTGRESQL) {
            try (Connection other = connect(); PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, PostgresDialect.MAINTENANCE_LOCK);
                lock.execute();
                assertEquals(MaintenanceResult.SKIPPED, store.maintain(NOW, Duration.ofDays(1)));
                assertEquals(0, store.deleteOlderThan(NOW, 100));
                assertEquals(3, store.history("web1", Instant.EPOCH, NOW, false).size(), "nothing deleted");
            }
        }
        // Many callers at once, on one store and on two (two nodes): no error, each old sample deleted once.
        try (SampleStore second = db.open()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<MaintenanceResult>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    SampleStore s = i % 2 == 0 ? store : second;
                    calls.add(pool.submit(() -> s.maintain(NOW, Duration.ofDays(1))));
                }
                long deleted = 0;
                int ran = 0;
                for (Future<MaintenanceResult> f : calls) {
                    deleted += f.get().samplesDeleted();
                    ran += f.get().ran() ? 1 : 0;
                }
                assertTrue(ran >= 1);
                assertEquals(engine == Engine.POSTGRESQL ? 2 : 4, deleted);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Another node drops a day this store thinks it has (a sweep written late, after an outage): it is made again. */
    @Test
    void aSweepForADayAnotherNodeDroppedIsStillStored() {
        Instant late = Instant.parse("2026-11-24T11:00:00Z");
        try (SampleStore otherNode = db.open()) {
            otherNode.maintain(NOW, Duration.ofDays(1)); // drops the 24th on PostgreSQL, deletes it on H2
            store.writeSweep(late, late, List.of(Samples.ok("web3", late, 4)));
            assertEquals(Samples.ok("web3", late, 4), store.latest("web3").orElseThrow().result());
        }
    }

    private Connection connect() throws Exception {
        Properties p = new Properties();
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.url(), p);
    }

    private List<String> partitions(String table) {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = ?::regclass ORDER BY c.relname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return names;
    }
}
