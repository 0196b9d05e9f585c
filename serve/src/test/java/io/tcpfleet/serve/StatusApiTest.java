package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daemon's HTTP API on known data: every answer shape and every error. */
class StatusApiTest {

    static StatusApi api;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + api.address().getPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHostsSampleByNameOrAddress() throws Exception {
        for (String who : new String[] {"web1", "10.0.0.1"}) {
            HttpResponse<String> r = get("/v1/hosts/" + who);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode n = JSON.readTree(r.body());
            assertEquals("web1", n.get("host").asText());
            assertEquals("OK", n.get("status").asText());
            assertEquals(30, n.get("age_seconds").asInt());
            assertEquals(1, n.get("states").get("TIME_WAIT").asInt());
            assertEquals(3, n.get("states").get("TOTAL").asInt());
            assertEquals(0, n.get("states").get("UNKNOWN").asInt());
            JsonNode port = n.get("ports").get(0);
            assertEquals(22, port.get("port").asInt());
            assertEquals(5, port.get("accept_queue").asInt());
        }
    }

    @Test
    void singleValuesStatusAndAge() throws Exception {
        assertEquals("1\n", get("/v1/hosts/web1/states/ESTABLISHED").body());
        assertEquals("3\n", get("/v1/hosts/web1/states/TOTAL").body());
        assertEquals("OK\n", get("/v1/hosts/web1/status").body());
        assertEquals("TIMEOUT\n", get("/v1/hosts/db1/status").body());
        assertEquals("STALE\n", get("/v1/hosts/old1/status").body());
        assertEquals("600\n", get("/v1/hosts/old1/age").body());
        HttpResponse<String> bad = get("/v1/hosts/web1/states/SLEEPING");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("unknown state 'SLEEPING'"), bad.body());
    }

    @Test
    void staleAndFailingHostsAreErrorsWithTheReason() throws Exception {
        HttpResponse<String> stale = get("/v1/hosts/old1/states/TIME_WAIT");
        assertEquals(503, stale.statusCode());
        assertTrue(stale.body().startsWith("data stale: last sample of old1 is 10m old (limit 3m)"), stale.body());
        HttpResponse<String> failing = get("/v1/hosts/10.0.0.2");
        assertEquals(503, failing.statusCode());
        assertTrue(failing.body().startsWith("host failing: TIMEOUT: no answer"), failing.body());
        HttpResponse<String> unknown = get("/v1/hosts/nosuch");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().startsWith("unknown host nosuch"), unknown.body());
        assertEquals(1, unknown.body().lines().count());
    }

    @Test
    void discoveryOfHostsAndPorts() throws Exception {
        JsonNode hosts = JSON.readTree(get("/v1/hosts").body());
        assertEquals(6, hosts.size(), "every inventory host, polled yet or not");
        assertEquals("db1", hosts.get(0).get("{#HOST}").asText());
        assertEquals("10.0.0.2", hosts.get(0).get("{#ADDRESS}").asText());
        assertEquals("new1", hosts.get(1).get("{#HOST}").asText());
        JsonNode ports = JSON.readTree(get("/v1/hosts/web1/ports").body());
        assertEquals("22", ports.get(0).get("{#PORT}").asText());
    }

    @Test
    void healthAndUnknownPaths() throws Exception {
        HttpResponse<String> h = get("/health");
        assertEquals(200, h.statusCode());
        assertTrue(h.body().startsWith("OK: 6 hosts, 5 with a sample; no sweep ended yet"), h.body());
        assertEquals(1, h.body().lines().count());
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(404, get("/v1/hosts/web1/nothing").statusCode());
    }

    /** Issue 10: web-a (OK) and web-b (failing) share 127.0.0.1; the address must answer for neither. */
    @Test
    void anAddressSharedByHostsIsAnErrorNamingThemAll() throws Exception {
        for (String path : new String[] {"/v1/hosts/127.0.0.1", "/v1/hosts/127.0.0.1/status",
                "/v1/hosts/127.0.0.1/states/TOTAL", "/v1/hosts/127.0.0.1/age"}) {
            HttpResponse<String> r = get(path);
            assertEquals(409, r.statusCode(), path + ": " + r.body());
            assertEquals("ambiguous address 127.0.0.1: hosts web-a, web-b share it; ask by host name instead\n", r.body());
        }
        assertEquals("OK\n", get("/v1/hosts/web-a/status").body());
        assertEquals("REFUSED\n", get("/v1/hosts/web-b/status").body());
        assertEquals("3\n", get("/v1/hosts/web-a/states/TOTAL").body());
    }

    /** Issue 14: at a fresh start an inventory host answers "no sample yet" (503), not "unknown host" (404). */
    @Test
    void anInventoryHostNotPolledYetHasNoSampleYet() throws Exception {
        for (String path : new String[] {"/v1/hosts/new1", "/v1/hosts/10.0.0.4/status", "/v1/hosts/new1/age",
                "/v1/hosts/new1/states/TIME_WAIT", "/v1/hosts/new1/ports"}) {
            HttpResponse<String> r = get(path);
            assertEquals(503, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().startsWith("no sample yet: new1 is in tcpfleet collect's inventory but its first poll"
                    + " has not ended (no sweep ended yet)"), r.body());
        }
    }
}
