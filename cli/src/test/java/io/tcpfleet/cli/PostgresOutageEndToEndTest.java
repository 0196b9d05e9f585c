package io.tcpfleet.cli;

import static io.tcpfleet.cli.DaemonHealthEndToEndTest.awaitMetrics;
import static io.tcpfleet.cli.DaemonHealthEndToEndTest.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.storage.OpenMode;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.PostgresServer;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same buffer and retries when the store is PostgreSQL and the server goes away and comes
 * back: a real daemon on a real PostgreSQL 15 (its own server, stopped with a fast shutdown that
 * drops every client, as an outage does, and started again on the same port). A 10 s outage loses
 * no sweep: the sweeps taken meanwhile are stored once the server is back.
 */
@RequiresE2E(Tool.POSTGRESQL)
class PostgresOutageEndToEndTest {

    static final List<String> ADDRESSES = List.of("127.0.4.21", "127.0.4.22", "127.0.4.23");
    static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aTenSecondOutageLosesNoSweep() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); FreezableFleet fleet = new FreezableFleet(ADDRESSES)) {
            String url = pg.jdbcUrl(pg.createDatabase());
            Path pw = Files.writeString(dir.resolve("pw"), pg.password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            Path home = Files.createDirectories(dir.resolve("home"));
            String[] args = {"-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                "--interval", "1s", "--timeout", "4s", "--connect-timeout", "2s", "--db", url, "--db-password-file", pw.toString()};
            Instant down;
            Instant up;
            List<String> unhealthy = new ArrayList<>();
            String log;
            try (DaemonProcess d = new DaemonProcess(home, args)) {
                awaitMetrics(d, "two sweeps stored", m -> v(m, "tcpfleet_sweeps_total") >= 2 && v(m, "tcpfleet_store_up") == 1);
                down = Instant.now();
                pg.stop();
                long until = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < until) {
                    DaemonProcess.Answer health = d.get("/health");
                    if (health.code() == 503) {
                        unhealthy.add(health.body());
                    }
                    Thread.sleep(200);
                }
                pg.restart();
                up = Instant.now();
                awaitMetrics(d, "the store up again, nothing held", m -> v(m, "tcpfleet_store_up") == 1
                        && v(m, "tcpfleet_store_buffered_sweeps") == 0);
                assertEquals(0, d.stop(), d.log());
                log = d.log();
            }
            assertTrue(!unhealthy.isEmpty(), "unhealthy during the outage:\n" + log);
            assertTrue(unhealthy.get(unhealthy.size() - 1).startsWith("UNHEALTHY: store failing: cannot store sweep of 3 host(s):"
                    + " cannot reach PostgreSQL at " + url), unhealthy.toString());
            long sweeps = StoreFaultEndToEndTest.sweepLines(log);
            assertTrue(log.contains("stopped: all " + sweeps + " sweeps stored"), log);
            try (SampleStore store = SampleStore.open(url, pg.password(), OpenMode.EXISTING)) {
                for (String host : List.of("web1", "web2", "web3")) {
                    List<Instant> at = StoreFaultEndToEndTest.stored(store, host);
                    assertEquals(sweeps, at.size(), host + ": every sweep the daemon took is stored");
                    long during = at.stream().filter(t -> t.isAfter(down) && t.isBefore(up)).count();
                    assertTrue(during >= 8, host + ": the sweeps of the outage are there: " + during);
                    for (int i = 1; i < at.size(); i++) {
                        assertTrue(Duration.between(at.get(i - 1), at.get(i)).compareTo(Duration.ofMillis(2500)) < 0,
                                host + ": no hole before " + at.get(i));
                    }
                }
            }
        }
    }
}
