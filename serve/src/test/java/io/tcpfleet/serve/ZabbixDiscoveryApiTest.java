package io.tcpfleet.serve;

import static io.tcpfleet.model.TcpState.ESTABLISHED;
import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.testkit.Tallies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: what Zabbix host discovery (host and group prototypes) and per-peer discovery read
 * from the API, through the API and through zabbix/tcpfleet.sh.
 */
class ZabbixDiscoveryApiTest {

    static final Host WEB1 = Host.ssh("web1", "10.0.0.1", 22, null);
    static final Host DB1 = Host.ssh("db1", "db1.example.com", 22, null);
    static final Host V6 = new Host("v6", "2001:db8::5", 22, null, ByteOrder.LITTLE_ENDIAN);
    static final Host SELF = Host.local("collector");
    static final ObjectMapper JSON = new ObjectMapper();

    static StatusApi api;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        LatestSamples samples = new LatestSamples(List.of(WEB1, DB1, V6, SELF),
                Map.of("web1", List.of("web", "prod"), "db1", List.of("db", "prod")));
        PollResult crafted = Tallies.host().add(TIME_WAIT, 7).add(ESTABLISHED, 5)
                .outbound("10.0.3.7", 5432, TIME_WAIT, 7)
                .outbound("2001:db8::7", 443, ESTABLISHED, 2)
                .inbound("10.0.9.9", ESTABLISHED, 3)
                .other(40, ESTABLISHED, 40)
                .result("web1", ServeFixtures.NOW.minusSeconds(10));
        samples.update(PollResult.ok(WEB1, crafted.polledAt(), crafted.duration(), crafted.tally(), null));
        api = ServeFixtures.api(samples);
        url = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void hostDiscoveryCarriesWhatTheHostPrototypesNeed() throws Exception {
        JsonNode hosts = JSON.readTree(get("/v1/hosts"));
        assertEquals(JSON.readTree("""
                [{"{#HOST}":"collector","{#ADDRESS}":"local","{#IP}":"","{#GROUP}":"ungrouped","{#GROUPS}":"ungrouped"},
                 {"{#HOST}":"db1","{#ADDRESS}":"db1.example.com","{#IP}":"","{#GROUP}":"db","{#GROUPS}":"db,prod"},
                 {"{#HOST}":"v6","{#ADDRESS}":"2001:db8::5","{#IP}":"2001:db8::5","{#GROUP}":"ungrouped","{#GROUPS}":"ungrouped"},
                 {"{#HOST}":"web1","{#ADDRESS}":"10.0.0.1","{#IP}":"10.0.0.1","{#GROUP}":"web","{#GROUPS}":"web,prod"}]
                """), hosts, "every host, polled yet or not; an IP interface only for IP literals; a group for every host");
    }

    @Test
    void peerDiscoveryListsTheRemoteServicesAHostConnectsTo() throws Exception {
        assertEquals(JSON.readTree("""
                [{"{#PEER}":"10.0.3.7:5432","{#PEER.ADDRESS}":"10.0.3.7","{#PEER.PORT}":"5432"},
                 {"{#PEER}":"[2001:db8::7]:443","{#PEER.ADDRESS}":"2001:db8::7","{#PEER.PORT}":"443"}]
                """), JSON.readTree(get("/v1/hosts/web1/peers")), "outbound peers only: no inbound client, no 'other'");
        // the sample the templates' dependent items read names them the same way
        JsonNode sample = JSON.readTree(get("/v1/hosts/web1"));
        assertEquals("10.0.3.7:5432", sample.get("peers").get(0).get("endpoint").asText());
        assertEquals("out", sample.get("peers").get(0).get("direction").asText());
    }

    @Test
    void peersOfAHostWithoutACurrentSampleAreAnError() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/hosts/db1/peers"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode());
        assertTrue(r.body().startsWith("no sample yet: db1"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wget", "curl"})
    void theCheckScriptAnswersTheSame(String client) throws Exception {
        ZabbixCheckScriptTest.client = client;
        ZabbixCheckScriptTest.Run peers = ZabbixCheckScriptTest.check(url, "web1", "peers");
        assertEquals(0, peers.exit(), peers.out());
        assertEquals(JSON.readTree(get("/v1/hosts/web1/peers")), JSON.readTree(peers.out()));
        ZabbixCheckScriptTest.Run hosts = ZabbixCheckScriptTest.check(url, "discovery");
        assertEquals(JSON.readTree(get("/v1/hosts")), JSON.readTree(hosts.out()));
        ZabbixCheckScriptTest.Run stale = ZabbixCheckScriptTest.check(url, "db1", "peers");
        assertEquals(1, stale.exit());
        assertTrue(stale.out().startsWith("tcpfleet: no sample yet: db1"), stale.out());
    }

    @Test
    void ipLiterals() {
        for (String ip : List.of("10.0.0.1", "2001:db8::1", "::1", "fe80::1%eth0")) {
            assertTrue(ApiJson.isIpLiteral(ip), ip);
        }
        for (String name : List.of("db1.example.com", "local", "10.0.0.1.example.com", "web1")) {
            assertFalse(ApiJson.isIpLiteral(name), name);
        }
    }
}
