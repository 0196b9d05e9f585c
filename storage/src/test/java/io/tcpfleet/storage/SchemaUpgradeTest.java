package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpfleet.model.PollStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 1 existed on H2 only (PostgreSQL support began with version 2). */
class SchemaUpgradeTest {

    @TempDir
    Path dir;

    /** A version 1 database (a row per port and per peer) upgrades in place, its latest breakdowns intact. */
    @Test
    void aVersionOneDatabaseUpgradesToTheSameSchemaAsANewOne() throws Exception {
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
        String fresh = "jdbc:h2:file:" + dir.resolve("fresh");
        SampleStore.open(fresh).close();
        try (Connection upgraded = DriverManager.getConnection(old, "sa", "");
             Connection created = DriverManager.getConnection(fresh, "sa", "")) {
            assertEquals(layout(created), layout(upgraded));
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
