package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpq's rules for ~/.pgpass, and where tcpfleet finds it. */
class PgPassFileTest {

    @TempDir
    Path tmp;

    Path pgpass(String text, String mode) throws Exception {
        Path f = Files.writeString(tmp.resolve(".pgpass"), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void firstMatchingLineWinsWithWildcardsAndEscapes() throws Exception {
        Path f = pgpass("""
                # comment: db.example:5432:*:*:not-this
                db.example:5432:tcpfleet:monitor:s3cr\\:et\\\\x:ignored
                db.example:*:*:monitor:second
                *:*:*:*:fallback
                we\\:ird:5432:*:*:escaped-host
                short:line
                """, "rw-------");
        assertEquals(Optional.of("s3cr:et\\x"), PgPassFile.lookup(f, "db.example", "5432", "tcpfleet", "monitor"));
        assertEquals(Optional.of("second"), PgPassFile.lookup(f, "db.example", "6432", "other", "monitor"));
        assertEquals(Optional.of("fallback"), PgPassFile.lookup(f, "elsewhere", "5432", "tcpfleet", "monitor"));
        assertEquals(Optional.of("fallback"), PgPassFile.lookup(f, "we:ird", "6432", "x", "y"));
        assertEquals(Optional.of("escaped-host"), PgPassFile.lookup(pgpass("we\\:ird:5432:*:*:escaped-host\n", "rw-------"),
                "we:ird", "5432", "x", "y"));
        assertEquals(Optional.empty(), PgPassFile.lookup(pgpass("db:5432:*:*:pw\n", "rw-------"), "127.0.0.1", "5432", "d", "u"),
                "host names are compared as written");
        assertEquals(List.of("a", "b", "c", "d", "e"), PgPassFile.fields("a:b:c:d:e:f"));
    }

    @Test
    void aFileOthersMayReadIsIgnored() throws Exception {
        for (String mode : List.of("rw-r--r--", "rw--w----", "rw----r--")) {
            Path f = pgpass("*:*:*:*:pw\n", mode);
            assertEquals(Optional.empty(), PgPassFile.lookup(f, "h", "5432", "d", "u"), mode);
        }
        assertEquals(Optional.of("pw"), PgPassFile.lookup(pgpass("*:*:*:*:pw\n", "r--------"), "h", "5432", "d", "u"));
        assertEquals(Optional.empty(), PgPassFile.lookup(tmp.resolve("missing"), "h", "5432", "d", "u"));
    }

    @Test
    void passwordComesFromTheFileOptionThenTheEnvironmentThenPgpassUnderHome() throws Exception {
        String url = "jdbc:postgresql://db.example:5433/fleet?user=monitor";
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path pgpass = Files.writeString(home.resolve(".pgpass"), "db.example:5433:fleet:monitor:from-pgpass\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Path file = Files.writeString(tmp.resolve("pw"), "from-file\nsecond line ignored\n");
        Map<String, String> env = Map.of("HOME", home.toString(), DbPassword.ENV, "from-env");
        assertEquals("from-file", DbPassword.resolve(url, file, env));
        assertEquals("from-env", DbPassword.resolve(url, null, env));
        assertEquals("from-pgpass", DbPassword.resolve(url, null, Map.of("HOME", home.toString())));
        Path other = Files.writeString(tmp.resolve("other-pgpass"), "*:*:*:*:from-pgpassfile\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        assertEquals("from-pgpassfile", DbPassword.resolve(url, null, Map.of("HOME", home.toString(), "PGPASSFILE", other.toString())));
        assertEquals(null, DbPassword.resolve(url, null, Map.of("HOME", tmp.resolve("nohome").toString())));
        assertEquals(null, DbPassword.resolve("jdbc:h2:file:/x/y", null, env), "H2 takes no password from the environment");
        // The database defaults to the user's name, as with libpq and the driver.
        Files.writeString(pgpass, "db.example:5432:monitor:monitor:default-db\n");
        assertEquals("default-db", DbPassword.resolve("jdbc:postgresql://db.example/?user=monitor", null,
                Map.of("HOME", home.toString())));
    }

    @Test
    void aPasswordInTheUrlIsSeen() {
        assertEquals(true, DbPassword.inUrl("jdbc:postgresql://h/db?user=u&password=x"));
        assertEquals(true, DbPassword.inUrl("jdbc:postgresql://h/db?PASSWORD=x"));
        assertEquals(true, DbPassword.inUrl("jdbc:h2:file:/x;PASSWORD=y"));
        assertEquals(false, DbPassword.inUrl("jdbc:postgresql://h/db?user=u&sslpassword_file=x"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=***", Redact.url("jdbc:postgresql://h/db?user=u&password=hunter2"));
    }
}
