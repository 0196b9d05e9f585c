package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {

    @TempDir
    Path dir;

    @Test
    void aNewDatabaseGetsTheLatestSchemaOnceOnly() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (SampleStore store = SampleStore.open(url)) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        try (SampleStore store = SampleStore.open(url)) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(SchemaMigrations.LATEST, rs.getInt(1), "one row per version, not per open");
        }
    }

    @Test
    void aDatabaseFromANewerTcpfleetIsRefused() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        SampleStore.open(url).close();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.open(url));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade tcpfleet"), e.getMessage());
    }
}
