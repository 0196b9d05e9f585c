package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The sender protocol against a trapper on a real socket: framing, big batches, refusals, hang-ups. */
class ZabbixSenderTest {

    /** One connection of a fake trapper: reads a request, answers what {@code answer} makes of it. */
    static CompletableFuture<JsonNode> trapper(ServerSocket server, Function<JsonNode, byte[]> answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                byte[] body = ZabbixSender.readFrame(in);
                JsonNode request = new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8));
                byte[] reply = answer.apply(request);
                if (reply != null) {
                    OutputStream out = s.getOutputStream();
                    out.write(reply);
                    out.flush();
                }
                return request;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    static byte[] answer(String info) {
        return ZabbixSender.frame(("{\"response\":\"success\",\"info\":\"" + info + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static List<ZabbixSender.Value> values(int n) {
        List<ZabbixSender.Value> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(new ZabbixSender.Value("web" + i, "tcpfleet.trap", "{\"status\":\"OK\",\"n\":" + i + "}",
                    Instant.ofEpochSecond(1_790_000_000L + i, 123)));
        }
        return v;
    }

    static ZabbixSender sender(ServerSocket s) {
        return new ZabbixSender(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), Duration.ofSeconds(5));
    }

    @Test
    void framingAndCounts() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<JsonNode> got = trapper(s, req -> answer("processed: 3; failed: 0; total: 3; seconds spent: 0.000055"));
            ZabbixSender.Response r = sender(s).send(values(3));
            assertTrue(r.success());
            assertEquals(3, r.processed());
            assertEquals(0, r.failed());
            JsonNode req = got.get(10, TimeUnit.SECONDS);
            assertEquals("sender data", req.get("request").asText());
            JsonNode first = req.get("data").get(0);
            assertEquals("web0", first.get("host").asText());
            assertEquals("tcpfleet.trap", first.get("key").asText());
            assertEquals("{\"status\":\"OK\",\"n\":0}", first.get("value").asText());
            assertEquals(1_790_000_000L, first.get("clock").asLong());
            assertEquals(123, first.get("ns").asInt());
        }
    }

    @Test
    void aLargeBatchArrivesWhole() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<JsonNode> got = trapper(s, req -> answer("processed: " + req.get("data").size()
                    + "; failed: 0; total: " + req.get("data").size() + "; seconds spent: 0.1"));
            ZabbixSender.Response r = sender(s).send(values(20_000));
            assertEquals(20_000, r.processed());
            assertEquals(20_000, got.get(10, TimeUnit.SECONDS).get("data").size());
        }
    }

    @Test
    void refusedValuesAreCounted() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            trapper(s, req -> answer("processed: 1; failed: 2; total: 3; seconds spent: 0.0001"));
            ZabbixSender.Response r = sender(s).send(values(3));
            assertEquals(1, r.processed());
            assertEquals(2, r.failed());
            assertEquals(3, r.total());
        }
    }

    @Test
    void aServerThatHangsUpOrSpeaksGarbageIsAnError() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            trapper(s, req -> null); // reads, then closes without a word
            IOException e = assertThrows(IOException.class, () -> sender(s).send(values(2)));
            assertTrue(e.getMessage().contains("closed the connection without an answer"), e.getMessage());

            trapper(s, req -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            IOException g = assertThrows(IOException.class, () -> sender(s).send(values(2)));
            assertTrue(g.getMessage().contains("not a Zabbix answer"), g.getMessage());
        }
    }

    @Test
    void trapperValuesCarryTheApiJsonOfEveryHostFailedOnesToo() throws Exception {
        List<ZabbixSender.Value> v = new TrapperPush(null, false, ServeFixtures.CLOCK, null).values(ServeFixtures.results());
        assertEquals(5, v.size());
        JsonNode db1 = new ObjectMapper().readTree(v.get(0).value());
        assertEquals("db1", v.get(0).host());
        assertEquals("TIMEOUT", db1.get("status").asText());
        assertTrue(db1.get("states").isNull());
        JsonNode web1 = new ObjectMapper().readTree(v.get(4).value());
        assertEquals("web1", v.get(4).host());
        assertEquals(1, web1.get("states").get("TIME_WAIT").asInt());
        assertEquals("10.0.0.1", new TrapperPush(null, true, ServeFixtures.CLOCK, null).values(ServeFixtures.results()).get(4).host());
    }

    @Test
    void everyHostAlsoGetsTheCollectorsHealthLine() {
        List<ZabbixSender.Value> v = new TrapperPush(null, false, ServeFixtures.CLOCK, () -> "UNHEALTHY: store failing: disk full")
                .values(ServeFixtures.results());
        assertEquals(10, v.size());
        assertEquals("db1", v.get(1).host());
        assertEquals(TrapperPush.HEALTH_KEY, v.get(1).key());
        assertEquals("UNHEALTHY: store failing: disk full", v.get(1).value());
    }
}
