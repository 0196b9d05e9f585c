package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.PostgresServer;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of real collectors: a real PostgreSQL 15, collector JVMs started as real processes,
 * 300 simulated hosts (one MINA server on 300 loopback addresses), interval 5 s. Checked from the
 * samples the nodes stored, slot by slot ({@code floor(polled_at / interval)}): exactly one sample
 * per host per slot while 3 nodes run; after a kill -9 no host misses more than 2 slots; a 4th
 * node takes its share; a 30 s PostgreSQL outage loses no slot; every live node's API answers for
 * all 300 hosts; and the readers see the whole fleet once every node has stopped.
 */
@RequiresE2E(Tool.POSTGRESQL)
class ClusterEndToEndTest {

    static final int HOSTS = 300;
    static final long INTERVAL_MS = 5_000;
    static final List<String> ADDRESSES = IntStream.range(0, HOSTS).mapToObj(i -> "127.12." + (i / 250) + "." + (i % 250 + 1)).toList();

    @TempDir
    Path dir;

    PostgresServer pg;
    Trapper trapper;
    String url;
    String[] common;
    final Map<String, DaemonProcess> nodes = new LinkedHashMap<>();

    @Test
    void threeNodesShareThreeHundredHostsThroughFailoverJoinAndOutage() throws Exception {
        try (PostgresServer server = PostgresServer.start(); FreezableFleet fleet = new FreezableFleet(ADDRESSES);
             Trapper trapper = new Trapper()) {
            this.trapper = trapper;
            pg = server;
            url = pg.jdbcUrl(pg.createDatabase());
            Path pw = Files.writeString(dir.resolve("pw"), pg.password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            common = new String[] {"-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                "--interval", "5s", "--timeout", "4s", "--connect-timeout", "2s", "--db", url, "--db-password-file", pw.toString(),
                "--zabbix-server", "127.0.0.1:" + trapper.port()};
            try {
                run();
            } finally {
                for (DaemonProcess d : nodes.values()) {
                    d.close();
                }
            }
        }
    }

    private void run() throws Exception {
        for (String n : List.of("n1", "n2", "n3")) {
            start(n);
        }
        // 1. three nodes: every host once per slot, no gap, no double, over 6 slots
        long first = awaitSlotWhere("all 300 hosts claimed by 3 nodes", c -> c.size() == HOSTS && nodesIn(c) == 3);
        awaitSlot(first + 7);
        assertOnePerSlot(first, first + 6, "three nodes");
        trapper.assertOnePushPerSlot(first, first + 6);
        assertEveryNodeAnswersForEveryHost();

        // 2. kill -9 one node: its hosts go to the survivors; no host misses more than 2 slots
        DaemonProcess victim = nodes.remove("n1");
        new ProcessBuilder("kill", "-KILL", Long.toString(victim.pid())).start().waitFor(10, TimeUnit.SECONDS);
        long killed = slotNow();
        victim.close();
        long survivors = awaitSlotWhere("all 300 hosts claimed by the 2 survivors",
                c -> c.size() == HOSTS && nodesIn(c) == 2 && !c.containsValue("n1"));
        assertTrue(survivors <= killed + 2, "the survivors took over within 2 intervals: killed in " + killed + ", " + survivors);
        awaitSlot(survivors + 2);
        assertNoHostMisses(killed - 1, survivors + 1, 2);
        assertOnePerSlot(first, killed - 1, "up to the kill");
        assertAtMostOnePerSlot(killed, survivors + 1, "while the survivors take over"); // the dead node's claimed hosts may miss
        assertOnePerSlot(survivors, survivors + 1, "after the kill");
        assertEveryNodeAnswersForEveryHost();

        // 3. a 4th node joins and takes its share within 2 intervals
        long joined = slotNow();
        start("n4");
        long balanced = awaitSlotWhere("n4 holding a share", c -> c.size() == HOSTS && nodesIn(c) == 3 && c.containsValue("n4"));
        assertTrue(balanced <= joined + 3, "n4 took its share within 2 intervals of starting: started in " + joined + ", " + balanced);
        awaitSlot(balanced + 1);
        Map<String, Integer> shares = shares(claims(balanced + 1));
        for (Map.Entry<String, Integer> e : shares.entrySet()) {
            assertTrue(Math.abs(e.getValue() - HOSTS / 3.0) <= HOSTS / 3.0 * 0.25, "within 25 % of an equal share: " + shares);
        }
        assertEveryNodeAnswersForEveryHost();

        // 4. PostgreSQL down for 30 s: the nodes keep polling their shares, and store every slot afterwards
        long before = slotNow();
        pg.stop();
        Thread.sleep(30_000);
        for (DaemonProcess d : nodes.values()) {
            assertEquals(200, d.get("/v1/hosts").code(), "the API answers during the outage");
            assertTrue(d.log().contains("cluster database unreachable"), "the outage is said in the sweep's log:\n" + d.log());
        }
        pg.restart();
        long after = slotNow();
        for (DaemonProcess d : nodes.values()) {
            DaemonHealthEndToEndTest.awaitMetrics(d, "every held sweep stored", m -> DaemonHealthEndToEndTest.v(m, "tcpfleet_store_up") == 1
                    && DaemonHealthEndToEndTest.v(m, "tcpfleet_store_buffered_sweeps") == 0);
        }
        awaitSlot(after + 3);
        assertOnePerSlot(before - 1, after + 2, "through a 30 s PostgreSQL outage");
        assertEveryNodeAnswersForEveryHost();

        // 5. every node stopped by SIGTERM: they leave; readers see the whole fleet from PostgreSQL alone
        for (DaemonProcess d : nodes.values()) {
            assertEquals(0, d.stop(), d.log());
            assertTrue(d.log().contains("left the cluster"), d.log());
        }
        assertEquals(1, count("SELECT COUNT(*) FROM tcpfleet_node"), "SIGTERM deregisters; only the row of n1 (kill -9) is left");
        assertEquals(1, count("SELECT COUNT(*) FROM tcpfleet_node WHERE name = 'n1'"));
        readersSeeTheWholeFleet();
    }

    private void start(String node) throws Exception {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--node", node));
        Path home = Files.createDirectories(dir.resolve("home-" + node));
        nodes.put(node, new DaemonProcess(home, args.toArray(String[]::new)));
    }

    private void readersSeeTheWholeFleet() throws Exception {
        String[] store = {"--db", url, "--db-password-file", dir.resolve("pw").toString()};
        JsonNode report = Cli.run(PostgresStoreTest.concat(new String[] {"report", "--format", "json"}, store)).json();
        assertEquals(HOSTS, report.size(), "report shows every host of the cluster");
        Cli.Run get = Cli.run(PostgresStoreTest.concat(new String[] {"get", "web300", "CLOSE_WAIT"}, store));
        assertEquals("4", get.out().trim(), get.toString());
        Cli.Run history = Cli.run(PostgresStoreTest.concat(new String[] {"history", "web1", "--since", "1h", "--format", "json"}, store));
        assertTrue(history.json().size() >= 15, history.toString());
        Cli.Run diagnose = Cli.run(PostgresStoreTest.concat(new String[] {"diagnose", "--all", "--format", "json"}, store));
        assertEquals(HOSTS, diagnose.json().get("hosts_checked").asInt(), diagnose.toString());
    }

    /**
     * A Zabbix trapper that takes every push of the nodes and keeps each host's sample clocks: each
     * node pushes only the hosts it polled, so every host arrives once per slot.
     */
    static final class Trapper implements AutoCloseable {

        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final Map<String, List<Long>> clocks = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread acceptor = new Thread(this::serve, "fake-trapper");

        Trapper() throws java.io.IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (java.net.Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    JsonNode request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                            io.tcpfleet.serve.ZabbixSender.readFrame(s.getInputStream()));
                    int n = 0;
                    for (JsonNode v : request.get("data")) {
                        n++;
                        if (v.get("key").asText().equals(io.tcpfleet.serve.TrapperPush.KEY)) {
                            clocks.computeIfAbsent(v.get("host").asText(), h -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                    .add(v.get("clock").asLong() * 1000 + v.get("ns").asLong() / 1_000_000);
                        }
                    }
                    s.getOutputStream().write(io.tcpfleet.serve.ZabbixSender.frame(("{\"response\":\"success\",\"info\":\"processed: "
                            + n + "; failed: 0; total: " + n + "; seconds spent: 0.000001\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                    // closed, or a push cut short: the assertion on what arrived says what is missing
                }
            }
        }

        void assertOnePushPerSlot(long from, long to) {
            assertEquals(HOSTS, clocks.size(), "every host pushed");
            List<String> wrong = new ArrayList<>();
            clocks.forEach((host, at) -> {
                Map<Long, Integer> perSlot = new TreeMap<>();
                synchronized (at) {
                    at.forEach(t -> perSlot.merge(Math.floorDiv(t, INTERVAL_MS), 1, Integer::sum));
                }
                for (long s = from; s <= to; s++) {
                    if (perSlot.getOrDefault(s, 0) != 1) {
                        wrong.add(host + " slot " + s + ": " + perSlot.getOrDefault(s, 0));
                    }
                }
            });
            assertTrue(wrong.isEmpty(), "one trapper value per host per slot, each from the node that polled it: "
                    + wrong.subList(0, Math.min(20, wrong.size())));
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    // ---- what the nodes stored and claimed

    private long slotNow() {
        return Math.floorDiv(System.currentTimeMillis(), INTERVAL_MS);
    }

    private void awaitSlot(long slot) throws InterruptedException {
        long wait = slot * INTERVAL_MS - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Waits (at most 6 intervals) for the first ended slot whose claims satisfy {@code wanted}; returns it. */
    private long awaitSlotWhere(String what, Predicate<Map<String, String>> wanted) throws Exception {
        long start = slotNow();
        for (long slot = start; slot <= start + 6; slot++) {
            awaitSlot(slot + 1);
            if (wanted.test(claims(slot))) {
                return slot;
            }
        }
        throw new AssertionError("never saw " + what + " in 6 intervals; last claims: " + shares(claims(slotNow() - 1)) + "\n" + logs());
    }

    private Map<String, String> claims(long slot) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT host, node FROM tcpfleet_claim WHERE slot = ?")) {
            ps.setLong(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static long nodesIn(Map<String, String> claims) {
        return claims.values().stream().distinct().count();
    }

    private static Map<String, Integer> shares(Map<String, String> claims) {
        Map<String, Integer> out = new TreeMap<>();
        claims.values().forEach(n -> out.merge(n, 1, Integer::sum));
        return out;
    }

    /** Each host's stored samples per slot in {@code [from, to]}: host -> slot -> samples. */
    private Map<String, Map<Long, Integer>> samples(long from, long to) throws Exception {
        Map<String, Map<Long, Integer>> out = new TreeMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT h.name, s.ts FROM sample s JOIN host h ON h.id = s.host_id WHERE s.ts >= ? AND s.ts < ?")) {
            ps.setLong(1, from * INTERVAL_MS);
            ps.setLong(2, (to + 1) * INTERVAL_MS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), h -> new TreeMap<>()).merge(Math.floorDiv(rs.getLong(2), INTERVAL_MS), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private void assertOnePerSlot(long from, long to, String when) throws Exception {
        Map<String, Map<Long, Integer>> samples = samples(from, to);
        assertEquals(HOSTS, samples.size(), when + ": every host has samples");
        List<String> wrong = new ArrayList<>();
        samples.forEach((host, slots) -> {
            for (long s = from; s <= to; s++) {
                int n = slots.getOrDefault(s, 0);
                if (n != 1) {
                    wrong.add(host + " slot " + s + ": " + n);
                }
            }
        });
        assertTrue(wrong.isEmpty(), when + ": one sample per host per slot " + from + ".." + to + "; not so: "
                + wrong.subList(0, Math.min(20, wrong.size())) + " (" + wrong.size() + ")\n" + logs());
    }

    private void assertAtMostOnePerSlot(long from, long to, String when) throws Exception {
        Map<String, Map<Long, Integer>> samples = samples(from, to);
        samples.forEach((host, slots) -> slots.forEach((slot, n) -> assertTrue(n <= 1, when + ": " + host + " polled " + n
                + " times in slot " + slot + "\n" + logs())));
    }

    private void assertNoHostMisses(long from, long to, int most) throws Exception {
        Map<String, Map<Long, Integer>> samples = samples(from, to);
        for (String host : samples.keySet()) {
            int run = 0;
            for (long s = from; s <= to; s++) {
                run = samples.get(host).getOrDefault(s, 0) == 0 ? run + 1 : 0;
                assertTrue(run <= most, host + " missed more than " + most + " intervals before slot " + s + "\n" + logs());
            }
        }
        assertEquals(HOSTS, samples.size());
    }

    /** Every live node's /metrics has every host up (fresh and OK), and a host's count from each node's API. */
    private void assertEveryNodeAnswersForEveryHost() throws Exception {
        for (Map.Entry<String, DaemonProcess> e : nodes.entrySet()) {
            DaemonProcess d = e.getValue();
            String metrics = DaemonHealthEndToEndTest.awaitMetrics(d, "every host up on " + e.getKey(),
                    m -> MetricsText.lines(m, "tcpfleet_up").stream().filter(l -> l.endsWith(" 1")).count() == HOSTS);
            assertTrue(DaemonHealthEndToEndTest.v(metrics, "tcpfleet_cluster_nodes") >= 2, metrics);
            for (String host : List.of("web1", "web150", "web300")) {
                DaemonProcess.Answer a = d.get("/v1/hosts/" + host + "/states/CLOSE_WAIT");
                assertEquals(200, a.code(), e.getKey() + " answers for " + host + ": " + a.body());
                assertEquals(String.valueOf(FreezableFleet.CLOSE_WAIT), a.body().trim());
            }
            assertEquals(200, d.get("/health").code(), d.get("/health").body());
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws Exception {
        java.util.Properties login = new java.util.Properties();
        login.setProperty("password", pg.password());
        return DriverManager.getConnection(url, login);
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        nodes.forEach((n, d) -> {
            String log = d.log();
            b.append("---- ").append(n).append(" (last 4000 chars)\n").append(log.substring(Math.max(0, log.length() - 4000)));
        });
        return b.toString();
    }
}
