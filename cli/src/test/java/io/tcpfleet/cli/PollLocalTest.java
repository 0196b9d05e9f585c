package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.LocalProcTransport;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.SsStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code poll --local} against real sockets held in real TCP states on this machine. */
class PollLocalTest {

    @TempDir
    Path dir;

    @Test
    void countsRealSocketsInEveryStateAsSsDoes() throws Exception {
        try (LiveSockets s = new LiveSockets(3, 2, 4, 2)) {
            int p = s.port();
            int q = s.backlogPort();
            awaitTimeWait(p, 4);
            String db = "jdbc:h2:file:" + dir.resolve("tcpfleet");

            Map<TcpState, Long> before = ss(p, q);
            Cli.Run run = Cli.run("poll", "--local", "--name", "live", "--format", "json",
                    "--top-peers", "1000000", "--db", db);
            Map<TcpState, Long> after = ss(p, q);
            assertEquals(0, run.exit(), run.toString());

            JsonNode host = run.json().get(0);
            assertEquals("live", host.get("host").asText());
            assertEquals("OK", host.get("status").asText());

            JsonNode service = port(host, p);
            assertEquals(1, service.get("listeners").asInt());
            assertEquals(1, service.get("states").get("LISTEN").asInt());
            assertEquals(3, service.get("states").get("ESTABLISHED").asInt());
            assertEquals(2, service.get("states").get("CLOSE_WAIT").asInt());
            assertEquals(5, service.get("connections").asInt());
            assertEquals(0, service.get("accept_queue").asInt());

            JsonNode slow = port(host, q);
            assertEquals(2, slow.get("states").get("ESTABLISHED").asInt(), "queued connections are established");
            assertEquals(2, slow.get("accept_queue").asInt(), "the listener's accept queue");

            JsonNode clients = peer(host, "127.0.0.1:" + p);
            assertEquals("out", clients.get("direction").asText());
            assertEquals(3, clients.get("states").get("ESTABLISHED").asInt());
            assertEquals(2, clients.get("states").get("FIN_WAIT2").asInt());
            assertEquals(4, clients.get("states").get("TIME_WAIT").asInt());
            assertEquals(2, peer(host, "127.0.0.1:" + q).get("states").get("ESTABLISHED").asInt());

            if (before != null) {
                assertEquals(before, after, "sockets changed while polling; ss is no ground truth");
                Map<TcpState, Long> ours = new EnumMap<>(TcpState.class);
                for (JsonNode node : new JsonNode[] {service, slow, clients, peer(host, "127.0.0.1:" + q)}) {
                    node.get("states").fields().forEachRemaining(e -> {
                        if (!e.getKey().equals("TOTAL") && e.getValue().asLong() > 0) {
                            ours.merge(TcpState.valueOf(e.getKey()), e.getValue().asLong(), Long::sum);
                        }
                    });
                }
                assertEquals(after, ours, "tcpfleet and ss -tan on this test's ports");
            }

            // The sample was stored: the other commands read it back.
            Cli.Run get = Cli.run("get", "live", "LISTEN", "--db", db);
            assertEquals(0, get.exit(), get.toString());
            assertTrue(Long.parseLong(get.out().trim()) >= 2, get.out());
            Cli.Run report = Cli.run("report", "--format", "json", "--db", db);
            assertEquals("live", report.json().get(0).get("host").asText(), report.toString());
            Cli.Run history = Cli.run("history", "live", "--since", "10m", "--format", "csv", "--db", db);
            assertEquals(2, history.out().lines().count(), history.toString());
        }
    }

    private static JsonNode port(JsonNode host, int port) {
        for (JsonNode p : host.get("ports")) {
            if (p.get("port").asInt() == port) {
                return p;
            }
        }
        throw new AssertionError("no listening port " + port + " in " + host.get("ports"));
    }

    private static JsonNode peer(JsonNode host, String endpoint) {
        for (JsonNode p : host.get("peers")) {
            if (p.get("endpoint").asText().equals(endpoint)) {
                return p;
            }
        }
        throw new AssertionError("no peer " + endpoint);
    }

    /** The TIME_WAITs appear once the server's FIN is acknowledged: wait for them (bounded). */
    private static void awaitTimeWait(int port, long expected) throws Exception {
        ProcNetTcpParser parser = new ProcNetTcpParser(TallyOptions.full().withTopPeers(1_000_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SocketTally[] t = new SocketTally[1];
            new LocalProcTransport().read(Host.local("x"), in -> t[0] = parser.parse(in));
            long tw = t[0].peers().stream().filter(pe -> pe.endpoint().equals("127.0.0.1:" + port))
                    .mapToLong(pe -> pe.states().get(TcpState.TIME_WAIT)).sum();
            if (tw >= expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("TIME_WAIT sockets did not appear");
    }

    /** {@code ss -tan} counts for sockets with our ports on either end; null without ss. */
    static Map<TcpState, Long> ss(int... ports) throws IOException, InterruptedException {
        Path ss = Path.of("/usr/bin/ss");
        if (!Files.isExecutable(ss) && !Files.isExecutable(ss = Path.of("/bin/ss"))) {
            return null;
        }
        Process proc = new ProcessBuilder(ss.toString(), "-tanH").redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(10, TimeUnit.SECONDS));
        Set<Integer> ours = Arrays.stream(ports).boxed().collect(Collectors.toSet());
        return SsStates.count(out, (local, remote) -> ours.contains(SsStates.port(local)) || ours.contains(SsStates.port(remote)));
    }
}
