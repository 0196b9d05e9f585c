package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.testkit.E2EPrerequisites;
import io.tcpfleet.testkit.Tool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a REAL Prometheus server (Debian's package; its data in a temp dir, on loopback,
 * scraping every second, stopped by pid) scrapes a real daemon polling simulated SSH hosts, and a
 * PromQL query over its HTTP API returns the host's CLOSE_WAIT count.
 */
class PrometheusScrapeTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void prometheusScrapesTheDaemonAndPromqlReturnsCloseWait() throws Exception {
        E2EPrerequisites.require(Tool.PROMETHEUS);
        try (FreezableFleet fleet = new FreezableFleet(List.of("127.0.4.11", "127.0.4.12"));
             DaemonProcess daemon = new DaemonProcess(Files.createDirectories(dir.resolve("home")),
                     "-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                     "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                     "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                     "--interval", "2s", "--timeout", "4s", "--connect-timeout", "2s")) {
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: tcpfleet
                        static_configs:
                          - targets: ['%s']
                    """.formatted(daemon.url.substring("http://".length())));
            int port = freePort();
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String query = "tcpfleet_tcp_connection_states{host=\"web1\",state=\"close_wait\"}";
                JsonNode result = awaitResult(port, query);
                assertEquals(1, result.size(), result.toString());
                assertEquals("tcpfleet", result.get(0).get("metric").get("job").asText());
                assertEquals(Integer.toString(FreezableFleet.CLOSE_WAIT), result.get(0).get("value").get(1).asText());
                JsonNode up = awaitResult(port, "sum(tcpfleet_up)");
                assertEquals("2", up.get(0).get("value").get(1).asText(), up.toString());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + Files.readString(dir.resolve("prometheus.log"))
                        + "\ndaemon log:\n" + daemon.log(), e);
            } finally {
                prometheus.destroy(); // SIGTERM to its pid
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                    prometheus.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Asks the query every 500 ms until it returns a non-empty vector (at most 60 s). */
    static JsonNode awaitResult(int port, String promql) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "(no answer)";
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200) {
                    JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                    if (result.size() > 0) {
                        return result;
                    }
                }
            } catch (java.io.IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no result for " + promql + " in 60 s; last answer: " + last);
    }
}
