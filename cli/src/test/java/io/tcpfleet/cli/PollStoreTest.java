package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poll} stores its sweep on a thread of its own (opened while /proc is read, closed while the
 * output is printed): what it prints is stored, in every order of events.
 */
class PollStoreTest {

    @TempDir
    Path dir;

    /** A poll whose output was printed is stored, even when the process is killed at once (maybe before the store closed). */
    @Test
    void whatPollPrintedSurvivesAKillDashNineRightAfterwards() throws Exception {
        Path data = dir.resolve("data");
        for (int i = 1; i <= 3; i++) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "poll", "--local", "--name", "me", "--format", "json");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("TCPFLEET_HOME", data.toString());
            Process p = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(out.readLine().startsWith("["), "the JSON array starts");
                p.destroyForcibly(); // SIGKILL as soon as the output begins: no shutdown hook, no H2 close
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "poll did not die");
            } finally {
                p.destroyForcibly();
            }
        }
        Cli.Run history = Cli.run("history", "me", "--since", "1h", "--format", "json",
                "--db", "jdbc:h2:file:" + data.resolve("tcpfleet"));
        assertEquals(0, history.exit(), history.toString());
        JsonNode samples = new ObjectMapper().readTree(history.out());
        assertEquals(3, samples.size(), "every printed poll is stored: " + history);
    }

    /** The store fails on its own thread while /proc is read: the poll prints nothing and says why. */
    @Test
    void aStoreThatCannotBeOpenedFailsThePollWithItsReason() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        byte[] garbage = new byte[100_000];
        new Random(13).nextBytes(garbage);
        Files.write(data.resolve("tcpfleet.mv.db"), garbage);
        Cli.Run run = Cli.run("poll", "--local", "--name", "me", "--db", "jdbc:h2:file:" + data.resolve("tcpfleet"));
        assertEquals(ExitCode.FAILED, run.exit(), run.toString());
        assertEquals("", run.out(), "nothing printed as if stored");
        assertTrue(run.err().contains("is corrupt"), run.err());
    }

    @Test
    void noStoreTouchesNoDatabase() {
        Path data = dir.resolve("data");
        Cli.Run run = Cli.run("poll", "--local", "--name", "me", "--no-store", "--db", "jdbc:h2:file:" + data.resolve("tcpfleet"));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("me"), run.out());
        assertTrue(Files.notExists(data), "a database was created");
    }
}
