package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} while {@code collect} runs on the same data directory asks the daemon's API, which
 * holds the samples in memory, instead of opening the database; same output and exit codes as
 * from the database, which stays the answer for anything the API has no current OK value for.
 * Every command runs in its own JVM with its own TCPFLEET_HOME, as from a shell.
 */
class GetFromDaemonTest {

    record Result(int exit, String out, String err) {
    }

    @TempDir
    Path home;

    private Result tcpfleet(String... args) throws Exception {
        Process p = FleetEndToEndTest.tcpfleet(home, args);
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tcpfleet did not end");
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void asksTheRunningDaemonAndAnswersAsTheDatabaseWould() throws Exception {
        Result poll = tcpfleet("poll", "--local", "--format", "json");
        assertEquals(0, poll.exit(), poll.err());
        String host = new ObjectMapper().readTree(poll.out()).get(0).get("host").asText();
        Result allFromStore = tcpfleet("get", host);
        Result totalFromStore = tcpfleet("get", host, "TOTAL");
        Result unknownFromStore = tcpfleet("get", "no-such-host");
        assertEquals(0, allFromStore.exit(), allFromStore.err());
        assertEquals(1, unknownFromStore.exit());

        Path daemonLog = home.resolve("collect.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "collect", "--listen", "127.0.0.1:0", "--interval", "1h", "--connect-timeout", "2s", "127.0.0.1:1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(daemonLog.toFile());
        pb.environment().put("TCPFLEET_HOME", home.toString());
        Process daemon = pb.start();
        try {
            Path info = home.resolve("collect.properties");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(info) && Files.readString(info).contains("api=")) && System.nanoTime() < deadline) {
                assertTrue(daemon.isAlive(), () -> "collect died: " + read(daemonLog));
                Thread.sleep(100);
            }
            assertTrue(Files.readString(info).contains("api=127.0.0.1\\:"), Files.readString(info));
            // the daemon's first sweep (a refused host) is stored before its failure is asked for
            while (!tcpfleet("get", "127.0.0.1").err().contains("REFUSED") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            assertEquals(allFromStore, tcpfleet("get", host), "same JSON object from the API");
            assertEquals(totalFromStore, tcpfleet("get", host, "TOTAL"));
            assertEquals(unknownFromStore, tcpfleet("get", "no-such-host"), "an unknown host: same message, exit 1");
            Result failed = tcpfleet("get", "127.0.0.1", "TOTAL");
            assertEquals(1, failed.exit());
            assertTrue(failed.err().matches("(?s)tcpfleet: 127\\.0\\.0\\.1(:1)?: last poll REFUSED .*"), failed.err());
            Result stale = tcpfleet("get", host, "TOTAL", "--max-age", "1s"); // polled before the daemon started
            assertEquals(1, stale.exit(), "get's own --max-age applies to the daemon's answer too");
            assertTrue(stale.err().contains("old (limit 1s)"), stale.err());

            // Proof that the value came from the API: with the database's address broken, it still answers.
            String props = Files.readString(info);
            Files.writeString(info, props.replaceAll("jdbc_url=.*", "jdbc_url=jdbc\\\\:h2\\\\:tcp\\\\://127.0.0.1\\\\:1/wrong"));
            assertEquals(totalFromStore, tcpfleet("get", host, "TOTAL"));
            Files.writeString(info, props);
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "collect did not stop on SIGTERM");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
