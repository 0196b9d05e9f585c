package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.HostName;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TerminalText;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * zabbix/tcpfleet.sh takes exactly the host names tcpfleet's model allows ({@link HostName}):
 * every character and length is tried through the real script, and the identities of unnamed
 * hosts ({@code ops@10.0.0.9:22}, {@code [2001:db8::9]:22}) reach the API and come back with data.
 */
class ZabbixHostNameTest {

    static StatusApi api;
    static String url;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Host ops = Host.ssh("ops@10.0.0.9:22", "10.0.0.9", 22, "ops");
        Host v6 = new Host("[2001:db8::9]:22", "2001:db8::9", 22, null, ByteOrder.LITTLE_ENDIAN);
        LatestSamples samples = new LatestSamples(List.of(ops, v6));
        samples.update(List.of(
                PollResult.ok(ops, ServeFixtures.NOW.minusSeconds(30), Duration.ofMillis(40), ServeFixtures.tally(), null),
                PollResult.ok(v6, ServeFixtures.NOW.minusSeconds(30), Duration.ofMillis(40), ServeFixtures.tally(), null)));
        api = ServeFixtures.api(samples);
        url = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wget", "curl"})
    void identitiesOfUnnamedHostsReachTheApi(String client) throws Exception {
        assertEquals("1\n", check(client, "ops@10.0.0.9:22", "TIME_WAIT"));
        assertEquals("3\n", check(client, "[2001:db8::9]:22", "TOTAL"));
        assertEquals("OK\n", check(client, "[2001:db8::9]:22", "status"));
    }

    @Test
    void theScriptAcceptsExactlyTheNamesTheModelAllows() throws Exception {
        List<String> candidates = new ArrayList<>();
        for (char c = 1; c < 128; c++) {
            candidates.add("a" + c + "b");
            candidates.add(c + "b");
        }
        candidates.addAll(List.of("caf\u00e9", "x\u202ey", "x\u200by", "h".repeat(HostName.MAX_LENGTH),
                "h".repeat(HostName.MAX_LENGTH + 1), "ops@10.0.0.1:22", "[2001:db8::1]:2222"));
        List<String> differ = new ArrayList<>();
        for (String h : candidates) {
            boolean script = !check("wget", h).startsWith("tcpfleet: bad host argument");
            if (script != HostName.isValid(h)) {
                differ.add(TerminalText.escape(h) + (script ? " accepted by the script only" : " accepted by HostName only"));
            }
        }
        assertEquals(List.of(), differ);
    }

    /** As Zabbix runs an external check: {@code sh -c} with single-quoted arguments, stdout and stderr together. */
    private static String check(String client, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("'" + ZabbixCheckScriptTest.SCRIPT + "'");
        for (String a : args) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd.toString()).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("TCPFLEET_URL", url);
        pb.environment().put("TCPFLEET_HTTP_CLIENT", client);
        pb.environment().put("LC_ALL", "C.UTF-8"); // the script must not depend on Zabbix's locale
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("check took over 3 s: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
