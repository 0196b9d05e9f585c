package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against a real PostgreSQL given by --db, its password in a file. */
class PostgresStoreTest {

    @TempDir
    Path tmp;

    @Test
    void everyCommandWorksOnPostgres() throws Exception {
        if (!PostgresServer.installed()) {
            assertTrue(!"required".equals(System.getenv("TCPFLEET_E2E")), "TCPFLEET_E2E=required but PostgreSQL is missing");
            Assumptions.abort("PostgreSQL 15 is not installed");
        }
        PostgresServer pg = PostgresServer.shared();
        String db = pg.jdbcUrl(pg.createDatabase());
        Path pw = Files.writeString(tmp.resolve("pw"), pg.password() + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        String[] store = {"--db", db, "--db-password-file", pw.toString()};

        Cli.Run empty = Cli.run(FleetEndToEndTest.withCommand("report", store));
        assertEquals(1, empty.exit(), empty.toString());
        assertTrue(empty.err().contains("no samples yet"), empty.err());

        Cli.Run poll = Cli.run(concat(new String[] {"poll", "--local", "--name", "here"}, store));
        assertEquals(0, poll.exit(), poll.toString());
        Cli.Run collect = Cli.run(concat(new String[] {"collect", "--sweeps", "1", "--interval", "1s", "--listen", "none",
                "monitor@127.0.0.1:1"}, store));
        assertEquals(0, collect.exit(), collect.toString());

        Cli.Run get = Cli.run(concat(new String[] {"get", "here", "LISTEN"}, store));
        assertEquals(0, get.exit(), get.toString());
        assertTrue(Long.parseLong(get.out().trim()) >= 1, "this machine listens on something: " + get.out());
        JsonNode report = Cli.run(concat(new String[] {"report", "--format", "json"}, store)).json();
        assertEquals(2, report.size(), report.toString());
        Cli.Run history = Cli.run(concat(new String[] {"history", "here", "--since", "1h", "--format", "json"}, store));
        assertEquals(0, history.exit(), history.toString());
        assertEquals(1, history.json().size());
        Cli.Run diagnose = Cli.run(concat(new String[] {"diagnose", "here"}, store));
        assertTrue(diagnose.exit() == 0 || diagnose.exit() == 3, diagnose.toString());
        Cli.Run ports = Cli.run(concat(new String[] {"report", "--by", "port", "--format", "json"}, store));
        assertEquals(1, ports.exit(), "the host collect could not reach fails the report: " + ports);
        assertTrue(ports.json().size() >= 1, ports.out());
        assertEquals("here", ports.json().get(0).get("top_host").asText(), "breakdowns read back from PostgreSQL");
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
