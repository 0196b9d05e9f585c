package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * zabbix/tcpfleet.sh run exactly as Zabbix runs an external check (sh -c with every argument
 * single-quoted, 3 s timeout) against a running API with known data.
 */
class ZabbixCheckScriptTest {

    static final Path SCRIPT = Path.of("..", "zabbix", "tcpfleet.sh").toAbsolutePath().normalize();
    static StatusApi api;
    static String url;

    @TempDir
    static Path dir;

    record Run(int exit, String out) {
    }

    @BeforeAll
    static void start() throws Exception {
        api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served());
        url = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Which HTTP client the script uses; every test runs with both. */
    static String client = "wget";

    /** As Zabbix does: {@code sh -c "'script' 'arg' ..."} in /, stdout and stderr together, 3 s. */
    static Run check(String apiUrl, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder(quote(SCRIPT.toString()));
        for (String a : args) {
            cmd.append(' ').append(quote(a));
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd.toString()).redirectErrorStream(true).directory(new java.io.File("/"));
        pb.environment().put("TCPFLEET_URL", apiUrl);
        pb.environment().put("TCPFLEET_HTTP_CLIENT", client);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("check took over 3 s: " + cmd);
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void masterItemJsonAndSingleValues(String httpClient) throws Exception {
        client = httpClient;
        Run json = check(url, "10.0.0.1");
        assertEquals(0, json.exit(), json.out());
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertEquals(1, n.get("states").get("TIME_WAIT").asInt());
        assertEquals("OK", n.get("status").asText());
        assertEquals(new Run(0, "1\n"), check(url, "web1", "TIME_WAIT"));
        assertEquals(new Run(0, "3\n"), check(url, "web1", "TOTAL"));
        // Zabbix agent's own keys are lower case: any case, with - or _, is the same state
        assertEquals(new Run(0, "1\n"), check(url, "web1", "time_wait"));
        assertEquals(new Run(0, "1\n"), check(url, "web1", "Time-Wait"));
        assertEquals(new Run(0, "3\n"), check(url, "web1", "total"));
        assertEquals(new Run(0, "OK\n"), check(url, "web1", "status"));
        assertEquals(new Run(0, "TIMEOUT\n"), check(url, "db1", "status"));
        assertEquals(new Run(0, "STALE\n"), check(url, "old1", "status"));
        assertEquals(new Run(0, "600\n"), check(url, "old1", "age"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void discoveryShapes(String httpClient) throws Exception {
        client = httpClient;
        Run hosts = check(url, "discovery");
        assertEquals(0, hosts.exit());
        assertEquals(ServeFixtures.INVENTORY.size(), new ObjectMapper().readTree(hosts.out()).size());
        Run ports = check(url, "web1", "ports");
        assertEquals("22", new ObjectMapper().readTree(ports.out()).get(0).get("{#PORT}").asText());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void everyErrorIsOneClearLine(String httpClient) throws Exception {
        client = httpClient;
        assertError(check(url, "db1"), "tcpfleet: host failing: TIMEOUT: no answer");
        assertError(check(url, "old1", "TIME_WAIT"), "tcpfleet: data stale: last sample of old1 is 10m old");
        assertError(check(url, "nosuch"), "tcpfleet: unknown host nosuch");
        // {HOST.CONN} = an address two hosts share: never one of them, an error naming both
        assertError(check(url, "127.0.0.1", "status"), "tcpfleet: ambiguous address 127.0.0.1: hosts web-a, web-b share it");
        assertError(check(url, "new1", "TIME_WAIT"), "tcpfleet: no sample yet: new1 is in tcpfleet collect's inventory");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run down = check("http://127.0.0.1:" + closed, "web1");
        assertError(down, "tcpfleet: daemon not reachable at http://127.0.0.1:" + closed);
        assertTrue(down.out().contains(client.equals("curl") ? "curl: (7)" : "connection refused"), "the reason is kept: " + down.out());
        assertError(check(url), "tcpfleet: usage:");
        assertError(check(url, "web1", "SLEEPING"), "tcpfleet: unknown state 'SLEEPING'; expected one of ESTABLISHED");
        assertError(check(url, "web1", "TIME WAIT"), "tcpfleet: bad second argument 'TIME WAIT'");
        assertError(check(url, "web1", "TIME_WAIT", "x"), "tcpfleet: too many arguments");
        assertError(check("file:///etc/passwd", "web1"), "tcpfleet: bad API url");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void nothingAMacroExpandsToReachesAShellOrAUrl(String httpClient) throws Exception {
        client = httpClient;
        Path marker = dir.resolve("pwned");
        List<String> hostile = new ArrayList<>(List.of("$(touch " + marker + ")", "`touch " + marker + "`",
                "web1;touch " + marker, "web1 && touch " + marker, "web1/../../metrics", "../health", "web1?x=1",
                "web1#", "web1%2F..", "-x", "web1\ntouch " + marker, "'; touch " + marker + "; '", ""));
        for (String h : hostile) {
            Run r = check(url, h);
            assertEquals(1, r.exit(), h + " -> " + r.out());
            assertTrue(r.out().startsWith("tcpfleet: bad host argument"), h + " -> " + r.out());
            Run v = check(url, "web1", h);
            assertEquals(1, v.exit(), h + " -> " + v.out());
        }
        assertFalse(Files.exists(marker), "a hostile argument ran a command");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void healthIsTheCollectorsOwnLine(String httpClient) throws Exception {
        client = httpClient;
        Run ok = check(url, "health");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().startsWith("OK: 6 hosts, 5 with a sample"), ok.out());
        DaemonHealth failing = new DaemonHealth(java.time.Duration.ofMinutes(1), ServeFixtures.CLOCK);
        failing.storeFailed("no space left on device on /var/lib/tcpfleet (free 0 bytes)");
        try (StatusApi sick = StatusApi.start(new InetSocketAddress("127.0.0.1", 0),
                ServeFixtures.served(ServeFixtures.samples(), failing, MetricsConfig.basic()))) {
            assertError(check("http://127.0.0.1:" + sick.address().getPort(), "health"),
                    "tcpfleet: UNHEALTHY: store failing: no space left on device on /var/lib/tcpfleet (free 0 bytes)");
        }
    }

    /**
     * Several API addresses (the nodes of a cluster): a node that does not answer is skipped, the
     * first that answers is final, even with an error; none answering names every address.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wget", "curl"})
    void severalAddressesTheNextOnlyWhenOneDoesNotAnswer(String httpClient) throws Exception {
        client = httpClient;
        String down1 = "http://127.0.0.1:" + closedPort();
        String down2 = "http://127.0.0.1:" + closedPort();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            asked.incrementAndGet();
            byte[] body = "999\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        try {
            String second = "http://127.0.0.1:" + other.getAddress().getPort();
            assertEquals(new Run(0, "1\n"), check(down1 + " " + url + " " + second, "web1", "TIME_WAIT"), "a node down: the next one");
            assertEquals(0, asked.get(), "the first that answers is the answer");
            assertError(check(url + " " + second, "nosuch"), "tcpfleet: unknown host nosuch");
            assertEquals(0, asked.get(), "an error answered is final: the next node is not asked");
            assertEquals(new Run(0, "999\n"), check(down1 + "  " + down2 + " " + second, "web1", "TIME_WAIT"));
            assertEquals(1, asked.get());
            Run none = check(down1 + " " + down2, "web1");
            assertError(none, "tcpfleet: daemon not reachable at " + down1 + " (is tcpfleet collect running?): ");
            assertTrue(none.out().contains("; nor at " + down2 + ": "), none.out());
            assertError(check(url + " ftp://x", "web1"), "tcpfleet: bad API url 'ftp://x'");
        } finally {
            other.stop(0);
        }
    }

    static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void assertError(Run r, String prefix) {
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().startsWith(prefix), r.out());
        assertEquals(1, r.out().lines().count(), "one line: " + r.out());
    }
}
