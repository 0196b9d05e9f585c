package io.tcpfleet.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/** {@code --log-format json}: one JSON object per line on stderr. */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneObjectWithHostAndErrorButNoStackTrace() throws Exception {
        String line = JsonLogger.line(Instant.parse("2026-11-27T10:00:00.123Z"), Level.WARN, "tcpfleet.collect",
                "web1: poll \"failed\"\nsecond line", List.of(new KeyValuePair("host", "web1")),
                new IllegalStateException("boom"));
        assertFalse(line.contains("\n"), line);
        JsonNode n = JSON.readTree(line);
        assertEquals("2026-11-27T10:00:00.123Z", n.get("time").asText());
        assertEquals("WARN", n.get("level").asText());
        assertEquals("tcpfleet.collect", n.get("logger").asText());
        assertEquals("web1: poll \"failed\"\nsecond line", n.get("message").asText());
        assertEquals("web1", n.get("host").asText());
        assertEquals("java.lang.IllegalStateException: boom", n.get("error").asText());
    }

    /** A real daemon in its own JVM (slf4j picks its format once per JVM): every stderr line is JSON. */
    @Test
    void collectLogsJsonLines(@TempDir Path home) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "collect", "--log-format", "json", "--sweeps", "1", "--listen", "127.0.0.1:0", "--interval", "1s",
                "--connect-timeout", "2s", "127.0.0.1:1"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TCPFLEET_HOME", home.toString());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "collect --sweeps 1 did not end");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            List<String> lines = err.lines().toList();
            assertTrue(lines.size() >= 3, err);
            boolean sweep = false;
            for (String l : lines) {
                JsonNode n = JSON.readTree(l); // throws on any line that is not one JSON object
                assertTrue(n.isObject() && n.hasNonNull("time") && n.hasNonNull("level") && n.hasNonNull("logger"), l);
                Instant.parse(n.get("time").asText());
                sweep |= n.get("message").asText().startsWith("sweep: 0/1 ok, 1 failed (REFUSED 1");
            }
            assertTrue(sweep, err);
        } finally {
            p.destroyForcibly();
        }
    }
}
