package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StoreUse#ONE_SHOT}: one connection and no pool, durable as a shared store, a bounded H2 file. */
@ParameterizedClass
@EnumSource(Engine.class)
class OneShotStoreTest {

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    Engine.TestDatabase db;

    @BeforeEach
    void database() {
        db = engine.create(dir);
    }

    @Test
    void aOneShotStoreCreatesTheSchemaWritesAndReadsWhatASharedStoreReadsBack() {
        List<PollResult> sweep = List.of(Samples.ok("web1", Samples.T0, 1), Samples.ok("web2", Samples.T0, 2));
        try (SampleStore store = db.open(OpenMode.CREATE, StoreUse.ONE_SHOT)) {
            store.writeSweep(Samples.T0, Samples.T0.plusSeconds(1), sweep);
            assertEquals(sweep, store.latest().stream().map(StoredSample::result).toList(), "read on its one connection");
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        Instant later = Samples.T0.plusSeconds(60);
        try (SampleStore store = db.open(OpenMode.EXISTING, StoreUse.ONE_SHOT)) { // the schema is current: no migration
            store.writeSweep(later, later, List.of(Samples.ok("web1", later, 3)));
        }
        try (SampleStore store = db.open(OpenMode.EXISTING)) {
            assertEquals(List.of(Samples.statesOnly(sweep.get(0)), Samples.statesOnly(Samples.ok("web1", later, 3))),
                    store.history("web1", Instant.EPOCH, later, false).stream().map(StoredSample::result).toList());
            assertEquals(Samples.ok("web1", later, 3), store.latest("web1").orElseThrow().result());
        }
    }

    /** HikariCP names its housekeeping thread after the pool ("tcpfleet"): a one-shot store starts none. */
    @Test
    void aOneShotStoreStartsNoConnectionPool() {
        try (SampleStore shared = db.open()) {
            shared.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
            assertTrue(poolThreadRuns(), "a shared store has its pool (what this test looks for exists)");
        }
        awaitNoPoolThread();
        try (SampleStore store = db.open(OpenMode.EXISTING, StoreUse.ONE_SHOT)) {
            store.writeSweep(Samples.T0.plusSeconds(1), Samples.T0.plusSeconds(1), List.of(Samples.ok("web1", Samples.T0.plusSeconds(1), 2)));
            assertEquals(2, store.history("web1", Instant.EPOCH, Samples.T0.plusSeconds(1), false).size());
            assertFalse(poolThreadRuns(), "a one-shot store made a connection pool");
        }
    }

    private static boolean poolThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("tcpfleet housekeeper"));
    }

    private static void awaitNoPoolThread() {
        for (int i = 0; i < 100 && poolThreadRuns(); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertFalse(poolThreadRuns(), "the closed shared store's pool thread is still running");
    }
}
