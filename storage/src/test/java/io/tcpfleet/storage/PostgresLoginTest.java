package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in to a real PostgreSQL as an ordinary role, with the password from where users keep it. */
class PostgresLoginTest {

    static final String PASSWORD = "pw:with\\odd chars";

    @TempDir
    Path tmp;

    String url;
    PostgresServer pg;

    @BeforeEach
    void role() {
        Engine.TestDatabase db = Engine.POSTGRESQL.create(tmp); // skipped (or failed, in CI) without PostgreSQL
        pg = PostgresServer.shared();
        String database = db.url().replaceAll(".*/([^/?]+)\\?.*", "$1");
        String role = "app_" + database;
        pg.psql("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        pg.psql("postgres", "ALTER DATABASE " + database + " OWNER TO " + role);
        url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database + "?user=" + role;
    }

    @Test
    void thePasswordComesFromPgpassUnderHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path pgpass = home.resolve(".pgpass");
        String escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:");
        Files.writeString(pgpass, "127.0.0.1:" + pg.port() + ":*:*:" + escaped + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        String password = DbPassword.resolve(url, null, Map.of("HOME", home.toString()));
        try (SampleStore store = SampleStore.open(url, password, OpenMode.CREATE)) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
            assertEquals("PostgreSQL", store.engine());
        }
        // Readable by others: ignored, so the login fails, saying where a password may come from.
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        String ignored = DbPassword.resolve(url, null, Map.of("HOME", home.toString()));
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.open(url, ignored, OpenMode.EXISTING));
        assertTrue(e.getMessage().contains("cannot log in"), e.getMessage());
        assertTrue(e.getMessage().contains("TCPFLEET_DB_PASSWORD, --db-password-file FILE or ~/.pgpass"), e.getMessage());
    }

    @Test
    void theEnvironmentsPasswordOpensTheStoreAndAWrongOneIsNeverShown() {
        String password = DbPassword.resolve(url, null, Map.of(DbPassword.ENV, PASSWORD, "HOME", tmp.toString()));
        try (SampleStore store = SampleStore.open(url, password, OpenMode.CREATE)) {
            assertTrue(store.latest().isEmpty());
        }
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.open(url, "wrong-secret-42", OpenMode.EXISTING));
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("wrong-secret-42"), t.toString());
        }
        StoreException inUrl = assertThrows(StoreException.class,
                () -> SampleStore.open(url + "&password=wrong-secret-42", null, OpenMode.EXISTING));
        assertFalse(inUrl.getMessage().contains("wrong-secret-42"), inUrl.getMessage());
    }
}
