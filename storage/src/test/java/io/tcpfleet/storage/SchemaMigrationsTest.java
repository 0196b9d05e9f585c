package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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

    /** A version 1 database (a row per port and per peer) upgrades in place, its latest breakdowns intact. */
    @Test
    void aVersionOneDatabaseUpgradesToTheSameSchemaAsANewOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine == Engine.H2, "version 1 existed on H2 only");
        String old = "jdbc:h2:file:" + dir.resolve("old");
        try (Connection c = DriverManager.getConnection(old, "sa", ""); Statement st = c.createStatement()) {
            st.execute("RUNSCRIPT FROM 'classpath:/schema-v1.sql'");
        }
        try (SampleStore store = SampleStore.open(old)) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
            assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(120), 3), store.latest("web1").orElseThrow().result());
            assertEquals(PollStatus.TIMEOUT, store.latest("db1").orElseThrow().result().status());
            assertEquals(3, store.history("web1", Samples.T0, Samples.T0.plusSeconds(120), false).size());
            assertEquals(Samples.states(1), store.history("web1", Samples.T0, Samples.T0, false).get(0).result().tally().states());
            var at = Samples.T0.plusSeconds(180);
            store.writeSweep(at, at, List.of(Samples.ok("web1", at, 4), Samples.ok("db1", at, 22)));
            assertEquals(Samples.ok("db1", at, 22), store.latest("db1").orElseThrow().result());
            assertEquals(2, store.deleteOlderThan(Samples.T0.plusSeconds(60), 10), "retention works on the upgraded layout");
        }
        db.open().close();
        try (Connection upgraded = DriverManager.getConnection(old, "sa", ""); Connection fresh = connect()) {
            assertEquals(layout(fresh), layout(upgraded));
        }
    }

    /** Tables, their columns with types, and indexed columns, as H2 describes them. */
    private static Set<String> layout(Connection c) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type, is_nullable"
                    + " FROM information_schema.columns WHERE table_schema = 'PUBLIC'")) {
                while (rs.next()) {
                    out.add("column " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT i.table_name, i.index_name, c.column_name, c.ordinal_position"
                    + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                    + " ON c.index_schema = i.index_schema AND c.index_name = i.index_name WHERE i.table_schema = 'PUBLIC'")) {
                while (rs.next()) {
                    String name = rs.getString(2);
                    // Constraint indexes are named by H2 (PRIMARY_KEY_8, CONSTRAINT_INDEX_2): compare their columns only.
                    String shown = name.startsWith("PRIMARY_KEY") || name.startsWith("CONSTRAINT") ? "(constraint)" : name;
                    out.add("index " + rs.getString(1) + " " + shown + " " + rs.getInt(4) + ":" + rs.getString(3));
                }
            }
        }
        return out;
    }
}
