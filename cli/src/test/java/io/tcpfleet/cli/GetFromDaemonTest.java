package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} while {@code collect} runs on the same data directory asks the daemon's API, which
 * holds its hosts' samples in memory, instead of opening the database; same output and exit codes
 * as from the database, which stays the answer for anything the API has no current OK value for.
 * Every command runs in its own JVM with its own TCPFLEET_HOME, as from a shell.
 */
class GetFromDaemonTest {

    @TempDir
    Path home;

    private Cli.Run tcpfleet(String... args) throws Exception {
        return Cli.inOwnJvm(env -> env.put("TCPFLEET_HOME", home.toString()), List.of(), args);
    }

    @Test
    void asksTheRunningDaemonAndAnswersAsTheDatabaseWould(@TempDir Path dir) throws Exception {
        // "other": a one-off poll in the same database, not one of the daemon's hosts
        Cli.Run poll = tcpfleet("poll", "--local", "--format", "json");
        assertEquals(0, poll.exit(), poll.err());
        String other = new ObjectMapper().readTree(poll.out()).get(0).get("host").asText();
        Cli.Run otherFromStore = tcpfleet("get", other);
        Cli.Run unknownFromStore = tcpfleet("get", "no-such-host");
        assertEquals(0, otherFromStore.exit(), otherFromStore.err());
        assertEquals(1, unknownFromStore.exit());
        assertEquals(1, tcpfleet("poll", "--connect-timeout", "2s", "127.0.0.1:1").exit()); // a failed poll, stored
        Cli.Run failedFromStore = tcpfleet("get", "127.0.0.1", "TOTAL");
        assertEquals(1, failedFromStore.exit());
        assertTrue(failedFromStore.err().contains("last poll REFUSED"), failedFromStore.err());

        Path inventory = dir.resolve("hosts.ini");
        // one host: its first sweep is stored at once (several hosts' starts are spread over the interval)
        Files.writeString(inventory, "[all]\nme ansible_connection=local\n");
        Path daemonLog = dir.resolve("collect.log");
        ProcessBuilder pb = new ProcessBuilder(Cli.javaCommand(List.of(), "collect", "-i", inventory.toString(), "--listen", "127.0.0.1:0",
                "--interval", "1h", "--connect-timeout", "2s")).redirectErrorStream(true).redirectOutput(daemonLog.toFile());
        pb.environment().put("TCPFLEET_HOME", home.toString());
        Process daemon = pb.start();
        try {
            Path info = home.resolve("collect.properties");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.readString(daemonLog).contains("sweep: ") && Files.exists(info)) && System.nanoTime() < deadline) {
                assertTrue(daemon.isAlive(), () -> "collect died: " + read(daemonLog));
                Thread.sleep(100);
            }
            String props = Files.readString(info);
            assertTrue(props.contains("api=127.0.0.1\\:"), props);
            String jdbcUrl = props.lines().filter(l -> l.startsWith("jdbc_url=")).findFirst().orElseThrow()
                    .substring("jdbc_url=".length()).replace("\\", "");

            Cli.Run fromApi = tcpfleet("get", "me");
            Cli.Run fromStore = tcpfleet("get", "me", "--db", jdbcUrl); // the same sample, read from the database
            assertEquals(0, fromApi.exit(), fromApi.err());
            assertEquals(fromStore, fromApi, "same JSON object from the API as from the database");
            Cli.Run totalFromStore = tcpfleet("get", "me", "TOTAL", "--db", jdbcUrl);
            assertEquals(totalFromStore, tcpfleet("get", "me", "TOTAL"));
            // `get HOST STATE` is answered before picocli builds its model: as the full command answers it
            Cli.Run quick = tcpfleet("get", "me", "time-wait");
            assertEquals(tcpfleet("get", "me", "TIME_WAIT", "--max-age", "1h"), quick);
            assertEquals(tcpfleet("get", "me", "TIME_WAIT", "--db", jdbcUrl), quick);
            assertEquals(2, tcpfleet("get", "me", "no-such-state").exit(), "a bad state is still picocli's usage error");
            assertEquals(otherFromStore, tcpfleet("get", other), "a host the daemon does not poll: from the database");
            assertEquals(unknownFromStore, tcpfleet("get", "no-such-host"), "an unknown host: same message, exit 1");
            assertEquals(failedFromStore, tcpfleet("get", "127.0.0.1", "TOTAL"), "a failed last poll: same message, exit 1");
            Thread.sleep(1100);
            Cli.Run stale = tcpfleet("get", "me", "TOTAL", "--max-age", "1s");
            assertEquals(1, stale.exit(), "get's own --max-age applies to the daemon's answer too");
            assertTrue(stale.err().contains("old (limit 1s)"), stale.err());

            // Proof that the value came from the API: with the database unreachable, it still answers,
            // and only the host the daemon does not serve fails.
            Files.writeString(info, props.replaceAll("jdbc_url=.*", "jdbc_url=jdbc\\\\:h2\\\\:tcp\\\\://127.0.0.1\\\\:1/tcpfleet-"
                    + "0".repeat(48)));
            assertEquals(totalFromStore, tcpfleet("get", "me", "TOTAL"));
            assertEquals(1, tcpfleet("get", other, "TOTAL").exit());
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
