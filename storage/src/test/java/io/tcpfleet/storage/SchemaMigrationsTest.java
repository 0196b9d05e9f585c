package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class SchemaMigrationsTest {

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    Engine.TestDatabase db;

    @BeforeEach
    void database() {
        db = engine.create(dir);
    }

    Connection connect() throws Exception {
        Properties p = new Properties();
        if (engine == Engine.H2) {
            p.setProperty("user", "sa");
        }
        p.setProperty("password", db.password() == null ? "" : db.password());
        return DriverManager.getConnection(db.url(), p);
    }

    @Test
    void aNewDatabaseGetsTheLatestSchemaOnceOnly() throws Exception {
        try (SampleStore store = db.open()) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        try (SampleStore store = db.open()) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one row for the version created, not one per open");
        }
    }

    /** Version 2 (the first on PostgreSQL) gains the hosts' staleness limit (3) and the cluster's tables (4); its samples stay. */
    @Test
    void aVersionTwoDatabaseUpgradesInPlace() throws Exception {
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
        }
        try (Connection c = connect(); Statement st = c.createStatement()) { // as version 2 left it
            st.execute("ALTER TABLE host DROP COLUMN stale_after_ms");
            st.execute("DROP TABLE tcpfleet_claim");
            st.execute("DROP TABLE tcpfleet_node");
            st.execute("DELETE FROM schema_version");
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (2, 0)");
        }
        try (SampleStore store = db.open()) {
            assertEquals(4, store.schemaVersion());
            try (Connection c = connect()) {
                assertTrue(SchemaMigrations.tableExists(c, "tcpfleet_node") && SchemaMigrations.tableExists(c, "tcpfleet_claim"));
            }
            assertEquals(Samples.ok("web1", Samples.T0, 1), store.latest("web1").orElseThrow().result());
            assertTrue(store.latest("web1").orElseThrow().staleAfter().isEmpty());
            Instant at = Samples.T0.plusSeconds(60);
            store.writeSweep(PendingSweep.of(at, at, List.of(Samples.ok("web1", at, 2)), Duration.ofMinutes(3)));
            assertEquals(Optional.of(Duration.ofMinutes(3)), store.latest("web1").orElseThrow().staleAfter());
        }
    }

    @Test
    void aDatabaseFromANewerTcpfleetIsRefused() throws Exception {
        db.open().close();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        }
        StoreException e = assertThrows(StoreException.class, db::open);
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade tcpfleet"), e.getMessage());
    }

    /** A reader of an empty database (PostgreSQL's exists before tcpfleet) creates no schema. */
    @Test
    void openingForReadingCreatesNoSchema() throws Exception {
        NoDatabaseException e = assertThrows(NoDatabaseException.class, () -> db.open(OpenMode.EXISTING));
        assertTrue(e.getMessage().startsWith("no samples yet in "), e.getMessage());
        if (engine == Engine.POSTGRESQL) {
            try (Connection c = connect()) {
                assertFalse(SchemaMigrations.tableExists(c, "schema_version"));
            }
        }
    }

    /** Three stores opening one new database at once (a cluster starting, on PostgreSQL) make one schema. */
    @Test
    void concurrentFirstOpensMakeOneSchema() throws Exception {
        List<java.util.concurrent.Future<SampleStore>> opens = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<SampleStore> stores = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                opens.add(pool.submit(() -> db.open()));
            }
            for (var f : opens) {
                stores.add(f.get());
            }
            for (SampleStore s : stores) {
                assertEquals(SchemaMigrations.LATEST, s.schemaVersion());
            }
        } finally {
            pool.shutdown();
            stores.forEach(SampleStore::close);
        }
    }
}
