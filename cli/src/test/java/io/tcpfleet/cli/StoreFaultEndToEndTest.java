package io.tcpfleet.cli;

import static io.tcpfleet.cli.DaemonHealthEndToEndTest.awaitMetrics;
import static io.tcpfleet.cli.DaemonHealthEndToEndTest.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tmpfs;
import io.tcpfleet.testkit.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, storage faults, on a real daemon ({@code collect} in its own JVM, polling simulated
 * SSH hosts) whose database sits on a real 8 MB tmpfs. Before: after the disk filled, no sweep was
 * ever stored again, {@code /health} said 200, every sweep line said "ok", and SIGTERM logged
 * "last sweep stored" and exited 0.
 */
class StoreFaultEndToEndTest {

    static final List<String> ADDRESSES = List.of("127.0.4.11", "127.0.4.12", "127.0.4.13", "127.0.4.14", "127.0.4.15",
            "127.0.4.16");
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** A sweep line of the daemon's log, stored or not. */
    static final Pattern SWEEP_LINE = Pattern.compile(" collect - sweep: ");

    @TempDir
    Path dir;

    String[] collectArgs(FreezableFleet fleet, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                "--interval", "1s", "--timeout", "4s", "--connect-timeout", "2s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static long sweepLines(String log) {
        return SWEEP_LINE.matcher(log).results().count();
    }

    /** Every host's stored samples, oldest first. */
    static List<Instant> stored(SampleStore store, String host) {
        return store.history(host, Instant.EPOCH, Instant.now().plusSeconds(60), false).stream()
                .map(StoredSample::result).map(r -> r.polledAt()).toList();
    }

    /** What the Zabbix external check answers for the collector-health item. */
    static String zabbixHealthItem(DaemonProcess d) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", REPO.resolve("zabbix/tcpfleet.sh").toString(), "health")
                .redirectErrorStream(true);
        pb.environment().put("TCPFLEET_URL", d.url);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    @Test
    @RequiresE2E(Tool.ROOT)
    void aFullDiskIsLoudAndTheSweepsTakenWhileFullAreStoredOnceSpaceReturns() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("8m"); FreezableFleet fleet = new FreezableFleet(ADDRESSES)) {
            Path home = fs.dir().resolve("home");
            Instant filledAt;
            Instant freedAt;
            String log;
            try (DaemonProcess d = new DaemonProcess(home, collectArgs(fleet))) {
                awaitMetrics(d, "two sweeps stored", m -> v(m, "tcpfleet_sweeps_total") >= 2 && v(m, "tcpfleet_store_up") == 1);
                filledAt = Instant.now();
                Path filler = fs.fill("filler");

                String full = awaitMetrics(d, "the store down with 3 sweeps held", m -> v(m, "tcpfleet_store_up") == 0
                        && v(m, "tcpfleet_store_buffered_sweeps") >= 3);
                assertEquals(0, v(full, "tcpfleet_collector_healthy"), full);
                DaemonProcess.Answer health = d.get("/health");
                assertEquals(503, health.code(), health.body());
                assertTrue(health.body().startsWith("UNHEALTHY: store failing: cannot store sweep of 6 host(s): jdbc:h2:file:"),
                        health.body());
                assertTrue(health.body().contains("no space left on device on " + home + " ("), health.body());
                assertTrue(Pattern.compile("\\(\\d[\\d,]* bytes free\\)").matcher(health.body()).find(), health.body());
                assertTrue(health.body().contains("sweeps held in memory"), health.body());
                String item = zabbixHealthItem(d);
                // the script prints an error answer as "tcpfleet: <the daemon's reason>"; the template's trigger fires on anything but ^OK
                assertTrue(item.startsWith("tcpfleet: UNHEALTHY: store failing:") && item.contains("no space left on device on " + home),
                        item);

                // it keeps polling and serving the latest values from memory
                DaemonProcess.Answer closeWait = d.get("/v1/hosts/web1/states/" + TcpState.CLOSE_WAIT);
                assertEquals(200, closeWait.code(), closeWait.body());
                assertEquals(Integer.toString(FreezableFleet.CLOSE_WAIT), closeWait.body().trim());
                DaemonProcess.Answer age = d.get("/v1/hosts/web1/age");
                assertTrue(Double.parseDouble(age.body().trim()) < 5, "a fresh sample while the disk is full: " + age.body());

                Files.delete(filler);
                freedAt = Instant.now();
                awaitMetrics(d, "the store up, nothing held", m -> v(m, "tcpfleet_store_up") == 1
                        && v(m, "tcpfleet_store_buffered_sweeps") == 0);
                assertEquals(200, d.get("/health").code(), d.get("/health").body());
                assertEquals(0, d.stop(), d.log());
                log = d.log();
            }
            assertTrue(log.contains("NOT stored yet"), "sweep lines while full say so:\n" + log);
            long sweeps = sweepLines(log);
            assertTrue(log.contains("stopped: all " + sweeps + " sweeps stored, database closed"), log);
            try (SampleStore store = SampleStore.openDefault(home)) {
                for (int h = 1; h <= ADDRESSES.size(); h++) {
                    List<Instant> at = stored(store, "web" + h);
                    assertEquals(sweeps, at.size(), "web" + h + ": every sweep the daemon took is stored");
                    Instant from = filledAt;
                    Instant to = freedAt;
                    long whileFull = at.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).count();
                    assertTrue(whileFull >= 3, "web" + h + ": the sweeps taken while the disk was full are there: " + whileFull);
                    for (int i = 1; i < at.size(); i++) {
                        Duration gap = Duration.between(at.get(i - 1), at.get(i));
                        assertTrue(gap.compareTo(Duration.ofMillis(2500)) < 0, "web" + h + ": no hole in the series, " + gap
                                + " before " + at.get(i));
                    }
                }
            }
            try (Stream<Path> files = Files.list(home)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".trace.db")), "no H2 trace file");
            }
        }
    }

    static final Pattern STOPPED = Pattern.compile("stopped: (\\d+) of (\\d+) sweeps stored; NOT stored: (\\d+) dropped when the"
            + " buffer was full, (\\d+) held in memory, never stored \\(store failing: [^\\n]*no space left on device[^\\n]*\\);"
            + " database closed; exit 1");

    @Test
    @RequiresE2E(Tool.ROOT)
    void sweepsNotStoredByTheStopAreCountedAndTheExitIsNonZero() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("8m"); FreezableFleet fleet = new FreezableFleet(ADDRESSES)) {
            Path home = fs.dir().resolve("home");
            String log;
            Path filler;
            try (DaemonProcess d = new DaemonProcess(home, collectArgs(fleet, "--buffer-sweeps", "2"))) {
                awaitMetrics(d, "a sweep stored", m -> v(m, "tcpfleet_sweeps_total") >= 1 && v(m, "tcpfleet_store_up") == 1);
                filler = fs.fill("filler");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!d.log().contains("dropped the oldest") && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertTrue(d.log().contains("store buffer full (2 sweeps"), d.log());
                assertEquals(ExitCode.FAILED, d.stop(), "the daemon lost sweeps: not a clean stop\n" + d.log());
                log = d.log();
            }
            assertFalse(log.contains("stopped: all"), log);
            Matcher m = STOPPED.matcher(log);
            assertTrue(m.find(), log);
            long stored = Long.parseLong(m.group(1));
            long taken = Long.parseLong(m.group(2));
            long dropped = Long.parseLong(m.group(3));
            long held = Long.parseLong(m.group(4));
            assertEquals(sweepLines(log), taken, "every sweep taken is accounted for");
            assertEquals(taken, stored + dropped + held);
            assertTrue(dropped >= 1 && held >= 1 && held <= 2, m.group());
            Files.delete(filler);
            try (SampleStore store = SampleStore.openDefault(home)) {
                assertEquals(stored, stored(store, "web1").size(), "what the stop said was stored is what is stored");
            }
        }
    }

    /**
     * Any other fatal store error: the file may not grow (a file size limit, as systemd's
     * LimitFSIZE or a quota would set; here prlimit(1) on the running daemon), so H2's write fails
     * with EFBIG and H2 closes its database. Before: no sweep was stored again, even once the limit
     * was lifted.
     */
    @Test
    void aDatabaseClosedByAFailedWriteIsOpenedAgainOnceWritesWorkAndNoSweepIsLost() throws Exception {
        try (FreezableFleet fleet = new FreezableFleet(ADDRESSES.subList(0, 3))) {
            Path home = Files.createDirectories(dir.resolve("home"));
            String log;
            try (DaemonProcess d = new DaemonProcess(home, collectArgs(fleet))) {
                awaitMetrics(d, "two sweeps stored", m -> v(m, "tcpfleet_sweeps_total") >= 2 && v(m, "tcpfleet_store_up") == 1);
                long size = Files.size(home.resolve("tcpfleet.mv.db"));
                prlimit(d.pid(), size + ":unlimited");
                String down = awaitMetrics(d, "the store down", m -> v(m, "tcpfleet_store_up") == 0);
                assertEquals(0, v(down, "tcpfleet_collector_healthy"), down);
                DaemonProcess.Answer health = d.get("/health");
                assertEquals(503, health.code(), health.body());
                assertTrue(health.body().contains("cannot write the database file " + home.resolve("tcpfleet.mv.db")
                        + ": File too large"), health.body());
                double sweeps = v(awaitMetrics(d, "3 sweeps held", m -> v(m, "tcpfleet_store_buffered_sweeps") >= 3),
                        "tcpfleet_sweeps_total");
                prlimit(d.pid(), "unlimited:unlimited");
                awaitMetrics(d, "the store up again, nothing held", m -> v(m, "tcpfleet_store_up") == 1
                        && v(m, "tcpfleet_store_buffered_sweeps") == 0 && v(m, "tcpfleet_sweeps_total") > sweeps);
                assertEquals(200, d.get("/health").code());
                assertEquals(0, d.stop(), d.log());
                log = d.log();
            }
            assertTrue(log.contains("opened again") && log.contains("store: every held sweep is stored"), log);
            long sweeps = sweepLines(log);
            assertTrue(log.contains("stopped: all " + sweeps + " sweeps stored"), log);
            try (SampleStore store = SampleStore.openDefault(home)) {
                for (int h = 1; h <= 3; h++) {
                    assertEquals(sweeps, stored(store, "web" + h).size(), "web" + h);
                }
            }
        }
    }

    static void prlimit(long pid, String fsize) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--fsize=" + fsize).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "prlimit: " + out);
    }

    /**
     * A corrupt file at start: collect stops at once with exit 1, naming the file and what to do,
     * rather than starting unhealthy: nothing it could buffer would ever be stored in that file,
     * and an operator (or systemd's failed state) sees a failed start at once.
     */
    @Test
    void collectRefusesACorruptDatabaseFileSayingWhatToDo() throws Exception {
        Path db = dir.resolve("db");
        try (SampleStore store = SampleStore.open("jdbc:h2:file:" + db.resolve("tcpfleet"))) {
            Instant at = Instant.now();
            store.writeSweep(at, at, List.of(io.tcpfleet.testkit.Tallies.host().result("web1", at)));
        }
        Path file = db.resolve("tcpfleet.mv.db");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[8192]), 0); // both copies of H2's header
        }
        Cli.Run run = Cli.run("collect", "--db", "jdbc:h2:file:" + db.resolve("tcpfleet"), "--listen", "none",
                "--interval", "1s", "--sweeps", "1", "monitor@127.0.0.1:1");
        assertEquals(ExitCode.FAILED, run.exit(), run.toString());
        assertTrue(run.err().contains("database file " + file + " is corrupt"), run.err());
        assertTrue(run.err().contains("move the file aside (mv " + file + " " + file + ".corrupt) and start again"), run.err());
    }
}
