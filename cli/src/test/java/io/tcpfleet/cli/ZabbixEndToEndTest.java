package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REAL Zabbix 6.0 server (Debian's packages, PostgreSQL, the frontend's JSON-RPC API on
 * loopback) imports every shipped template. Two real sshd hosts in network namespaces are polled
 * by a real {@code collect}; Zabbix reads them every way: a host by external check and one by
 * trapper (created by hand, with the right numbers, port and peer discovery under their filter
 * macros, and triggers firing), and the hosts of the inventory discovered by themselves through the
 * HTTP-agent discovery template, with their groups and values, then removed once the inventory
 * loses one. One Zabbix for every scenario; "Execute now" instead of waiting for intervals. CI sets
 * TCPFLEET_E2E=required.
 */
@RequiresE2E({Tool.NETNS_LAB, Tool.POSTGRESQL, Tool.ZABBIX})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZabbixEndToEndTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** Created by hand, read by external check: {HOST.CONN} is host 0's IP address. */
    static final String EXTERNAL_HOST = "tf-zbx-ext";
    /** Inventory names: h0 in group web; h1 and h1b, the same machine under two names, in db. */
    static final String H0 = "tf-zbx-h0";
    static final String H1 = "tf-zbx-h1";
    static final String H1B = "tf-zbx-h1b";
    static final List<String> TEMPLATES = List.of("tcpfleet by external check", "tcpfleet by HTTP agent", "tcpfleet by trapper",
            "tcpfleet discovery by external check", "tcpfleet discovery by HTTP agent", "tcpfleet discovery by trapper");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the Zabbix and collect logs to read
    static Path dir;
    static NetnsLab lab;
    static Process collect;
    static int apiPort;
    static int trapPort;
    static Path zabbixDir;
    static ZabbixApi api;
    static String address;
    static String group;
    /** The frontend's system config, as it was: the test must neither read nor write it. */
    static final Path SYSTEM_CONF = Path.of("/etc/zabbix/zabbix.conf.php");
    static String systemConfBefore;

    @BeforeAll
    static void start() throws Exception {
        systemConfBefore = snapshot(SYSTEM_CONF);
        lab = NetnsLab.open(dir, 2);
        lab.peerSockets();
        for (int i = 0; i < 2; i++) {
            lab.startSshd(i);
            // host i: LISTEN 8080 (and 8081 on host 1), ESTABLISHED to peer:5432, 2 CLOSE_WAIT to peer:5436
            lab.sockets(lab.hostNs(i), "host", lab.peerAddress(), Integer.toString(i));
        }
        // what port discovery leaves out by default: tcpfleet's own API port, a port in the ephemeral range
        lab.sockets(lab.hostNs(0), "listeners", "9731", "40000");
        address = lab.address(0);
        Files.writeString(dir.resolve("known_hosts"), lab.knownHostsLine(0) + "\n" + lab.knownHostsLine(1) + "\n");
        apiPort = freePort();
        trapPort = freeZabbixPort();
        int webPort = freePort();
        int pgPort = freePort();
        startCollect(inventory(true));

        // Zabbix runs the shipped script from its ExternalScripts directory; it finds the API through
        // TCPFLEET_URL in the server's environment.
        Path scripts = Files.createDirectories(dir.resolve("externalscripts"));
        Files.copy(REPO.resolve("zabbix/tcpfleet.sh"), scripts.resolve("tcpfleet.sh"));
        scripts.resolve("tcpfleet.sh").toFile().setExecutable(true, false);
        // PostgreSQL runs as its own user and must reach its data directory under our temp dir.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        zabbixDir = dir.resolve("zabbix");
        ProcessBuilder zb = new ProcessBuilder("bash", REPO.resolve("zabbix/test/zabbix-lab.sh").toString(), "start",
                zabbixDir.toString(), scripts.toString(), Integer.toString(pgPort), Integer.toString(trapPort),
                Integer.toString(webPort)).redirectErrorStream(true);
        zb.environment().put("TCPFLEET_URL", url());
        Process z = zb.start();
        String out = new String(z.getInputStream().readAllBytes());
        assertTrue(z.waitFor(180, TimeUnit.SECONDS) && z.exitValue() == 0, "zabbix-lab start: " + out);
        api = new ZabbixApi(out.lines().filter(l -> l.startsWith("ready ")).findFirst().orElseThrow().substring(6));
        api.login("Admin", "zabbix");

        String yaml = Files.readString(REPO.resolve("zabbix/tcpfleet_templates.yaml"));
        Map<String, Object> create = Map.of("createMissing", true, "updateExisting", true);
        Map<String, Object> rules = Map.of("groups", Map.of("createMissing", true), "templates", create, "items", create,
                "triggers", create, "graphs", create, "discoveryRules", create, "valueMaps", create,
                "templateLinkage", Map.of("createMissing", true));
        assertTrue(api.call("configuration.import", Map.of("format", "yaml", "source", yaml, "rules", rules)).asBoolean());
        // the stock "Zabbix server" host would only add noise: disable it
        for (JsonNode h : api.call("host.get", Map.of("filter", Map.of("host", List.of("Zabbix server"))))) {
            api.call("host.update", Map.of("hostid", h.get("hostid").asText(), "status", 1));
        }
        group = api.call("hostgroup.get", Map.of("filter", Map.of("name", List.of("Linux servers")))).get(0).get("groupid").asText();
    }

    /** The inventory the daemon polls; without {@link #H1B} once it "lost" that host. */
    static Path inventory(boolean withH1b) throws Exception {
        String a1 = lab.address(1);
        return Files.writeString(dir.resolve(withH1b ? "hosts.ini" : "hosts-smaller.ini"), "[web]\n"
                + H0 + " ansible_host=" + address + " ansible_user=root\n"
                + "[db]\n"
                + H1 + " ansible_host=" + a1 + " ansible_user=root\n"
                + (withH1b ? H1B + " ansible_host=" + a1 + " ansible_user=root\n" : "")
                + "[prod:children]\nweb\ndb\n");
    }

    /** The daemon, polling every 2 s, serving the API and pushing to the trapper by address. */
    static void startCollect(Path inventory) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "collect", "-i", inventory.toString(), "--interval", "2s", "--known-hosts", dir.resolve("known_hosts").toString(),
                "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--listen", "127.0.0.1:" + apiPort,
                "--zabbix-server", "127.0.0.1:" + trapPort, "--zabbix-host-by", "address")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("collect.log").toFile()));
        pb.environment().put("TCPFLEET_HOME", home.toString());
        collect = pb.start();
    }

    static void stopCollect() throws Exception {
        collect.destroy();
        assertTrue(collect.waitFor(60, TimeUnit.SECONDS), "collect stopped");
    }

    static String url() {
        return "http://127.0.0.1:" + apiPort;
    }

    @AfterAll
    static void stop() throws Exception {
        if (zabbixDir != null) {
            new ProcessBuilder("bash", REPO.resolve("zabbix/test/zabbix-lab.sh").toString(), "stop", zabbixDir.toString())
                    .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
        }
        if (collect != null) {
            collect.destroy();
            collect.waitFor(60, TimeUnit.SECONDS);
        }
        if (lab != null) {
            lab.close();
        }
        assertEquals(systemConfBefore, snapshot(SYSTEM_CONF), "the test changed " + SYSTEM_CONF);
    }

    static String snapshot(Path file) throws Exception {
        return Files.exists(file) ? Files.getLastModifiedTime(file) + " " + Files.readString(file) : "absent";
    }

    static String collectLog() throws Exception {
        return "collect log:\n" + Files.readString(dir.resolve("collect.log"));
    }

    @Test
    @Order(1)
    void everyTemplateImportsWithItsItemsAndDiscovery() throws Exception {
        JsonNode templates = api.call("template.get", Map.of("filter", Map.of("host", TEMPLATES), "selectItems", "count",
                "selectDiscoveries", "count", "selectMacros", "count"));
        List<String> names = new ArrayList<>();
        templates.forEach(t -> names.add(t.get("host").asText()));
        assertEquals(new TreeSet<>(TEMPLATES), new TreeSet<>(names));
        for (JsonNode t : templates) {
            boolean discovery = t.get("host").asText().contains("discovery");
            // per host: the sample, 13 states, status, age, health; ports and peers discovery
            assertEquals(discovery ? 0 : 17, t.get("items").asInt(), t.toString());
            assertEquals(discovery ? 1 : 2, t.get("discoveries").asInt(), t.toString());
        }
        for (String way : List.of("external check", "HTTP agent", "trapper")) {
            JsonNode rules = api.call("discoveryrule.get", Map.of("templateids", List.of(api.templateId("tcpfleet discovery by " + way))));
            JsonNode prototypes = api.call("hostprototype.get", Map.of("discoveryids", List.of(rules.get(0).get("itemid").asText()),
                    "selectTemplates", List.of("host"), "selectGroupPrototypes", List.of("name")));
            assertEquals(1, prototypes.size(), way);
            assertEquals("tcpfleet by " + way, prototypes.get(0).get("templates").get(0).get("host").asText());
            assertEquals("tcpfleet/{#GROUP}", prototypes.get(0).get("groupPrototypes").get(0).get("name").asText());
        }
    }

    @Test
    @Order(2)
    void externalCheckAndTrapperDeliverTheRightNumbersDiscoverFilteredPortsAndPeersAndTriggersFire() throws Exception {
        String peer = lab.peerAddress();
        api.call("host.create", Map.of("host", EXTERNAL_HOST, "groups", List.of(Map.of("groupid", group)),
                "interfaces", List.of(Map.of("type", 1, "main", 1, "useip", 1, "ip", address, "dns", "", "port", "10050")),
                "templates", List.of(Map.of("templateid", api.templateId("tcpfleet by external check"))),
                "macros", List.of(Map.of("macro", "{$TCPFLEET.INTERVAL}", "value", "5s"),
                        Map.of("macro", "{$TCPFLEET.CLOSE_WAIT.MAX}", "value", "1"),
                        // its filters, not the defaults: the ephemeral range and 9731 in, sshd's 22 out
                        Map.of("macro", "{$TCPFLEET.PORT.EPHEMERAL.MIN}", "value", "65536"),
                        Map.of("macro", "{$TCPFLEET.PORT.NOT_MATCHES}", "value", "^22$"),
                        // every remote service with a socket, but the one on port 5432
                        Map.of("macro", "{$TCPFLEET.PEER.MIN}", "value", "1"),
                        Map.of("macro", "{$TCPFLEET.PEER.NOT_MATCHES}", "value", ":5432$"),
                        Map.of("macro", "{$TCPFLEET.PEER.TIME_WAIT.MAX}", "value", "3"))));
        api.call("host.create", Map.of("host", address, "groups", List.of(Map.of("groupid", group)),
                "templates", List.of(Map.of("templateid", api.templateId("tcpfleet by trapper"))),
                "macros", List.of(Map.of("macro", "{$TCPFLEET.CLOSE_WAIT.MAX}", "value", "1"))));

        // The same real sockets through both ways: 2 CLOSE_WAIT; LISTEN on 8080, 9731, 40000 and sshd's 22.
        for (String host : List.of(EXTERNAL_HOST, address)) {
            assertEquals("2", awaitHostCount(host, "tcpfleet.state[CLOSE_WAIT]", "2"), host);
            assertEquals("4", awaitValue(host, "tcpfleet.state[LISTEN]"), host);
            assertEquals("OK", awaitValue(host, host.equals(address) ? "tcpfleet.status" : "tcpfleet.sh[{HOST.CONN},status]"), host);
            // the collector's own health item, read from /health or pushed with every sweep
            String health = awaitValue(host, host.equals(address) ? "tcpfleet.health" : "tcpfleet.sh[health]");
            assertTrue(health.startsWith("OK: "), host + ": " + health);
        }
        // Port discovery made items for the listeners its filter macros let through, with values.
        assertEquals("0", awaitValue(EXTERNAL_HOST, "tcpfleet.port.accept_queue[40000]"));
        assertEquals("0", awaitValue(address, "tcpfleet.port.accept_queue[22]"));
        for (String host : List.of(EXTERNAL_HOST, address)) {
            assertEquals("0", awaitValue(host, "tcpfleet.port.accept_queue[8080]"), host);
            assertEquals("0", awaitValue(host, "tcpfleet.port.state[8080,ESTABLISHED]"), host);
        }
        assertEquals(Set.of("8080", "9731", "40000"), discovered(EXTERNAL_HOST, "tcpfleet.port.accept_queue\\[(\\d+)]"));
        assertEquals(Set.of("22", "8080"), discovered(address, "tcpfleet.port.accept_queue\\[(\\d+)]"),
                "by default neither tcpfleet's own port 9731 nor the ephemeral range");

        // Peer discovery: the 2 CLOSE_WAIT toward peer:5436 have their own item; 5432 is filtered out.
        assertEquals("2", awaitValue(EXTERNAL_HOST, "tcpfleet.peer.state[\"" + peer + ":5436\",CLOSE_WAIT]"));
        assertTrue(discovered(EXTERNAL_HOST, "tcpfleet.peer.state\\[\"([^\"]+)\",TOTAL]").stream().noneMatch(p -> p.endsWith(":5432")));
        assertEquals(Set.of(), discovered(address, "tcpfleet.peer.state\\[\"([^\"]+)\",TOTAL]"),
                "by default only a remote service with 100 sockets gets items");
        // A TIME_WAIT pile toward one remote service (one nothing went to before): its own item, and its trigger fires.
        lab.sockets(lab.hostNs(0), "time-wait", peer, "6", "5437");
        String timeWait = "tcpfleet.peer.state[\"" + peer + ":5437\",TIME_WAIT]";
        assertEquals("6", api.awaitValue(EXTERNAL_HOST, timeWait, v -> true, collectLog()));
        assertTrue(awaitProblems(EXTERNAL_HOST, "TIME_WAIT pile toward " + peer + ":5437").size() > 0);

        // CLOSE_WAIT 2 > {$TCPFLEET.CLOSE_WAIT.MAX}=1 on both hosts: a problem each.
        for (String host : List.of(EXTERNAL_HOST, address)) {
            List<String> names = awaitProblems(host, "many CLOSE_WAIT");
            assertTrue(names.stream().noneMatch(n -> n.contains("collector unhealthy")), host + " firing triggers: " + names);
        }
    }

    @Test
    @Order(3)
    void theHostsOfTheInventoryAppearByThemselvesWithGroupsAndGetValuesThroughTheHttpAgent() throws Exception {
        // Where the API is, for the per-host template every discovered host inherits, and for the collector.
        api.setMacro(api.templateId("tcpfleet by HTTP agent"), "{$TCPFLEET.URL}", url());
        String collector = api.call("host.create", Map.of("host", "tcpfleet collector", "groups", List.of(Map.of("groupid", group)),
                "templates", List.of(Map.of("templateid", api.templateId("tcpfleet discovery by HTTP agent"))),
                "macros", List.of(Map.of("macro", "{$TCPFLEET.URL}", "value", url())))).get("hostids").get(0).asText();
        discoverNow(collector);
        // A host made by hand whose {HOST.CONN} is an address two inventory hosts share (checked below).
        api.call("host.create", Map.of("host", "tf-zbx-shared", "groups", List.of(Map.of("groupid", group)),
                "interfaces", List.of(Map.of("type", 1, "main", 1, "useip", 1, "ip", lab.address(1), "dns", "", "port", "10050")),
                "templates", List.of(Map.of("templateid", api.templateId("tcpfleet by HTTP agent")))));

        JsonNode hosts = api.await("the inventory's hosts discovered", () -> discoveredHosts(),
                h -> h.size() == 3 && h.findValues("templateid").size() == 3);
        Thread.sleep(2000); // the server's configuration cache takes them in (CacheUpdateFrequency=1)
        for (String name : List.of(H0, H1, H1B, "tf-zbx-shared")) {
            api.executeHostNow(name); // all at once: "Execute now" tasks are taken every 5 s
        }
        for (JsonNode h : hosts) {
            String name = h.get("host").asText();
            List<String> groups = new ArrayList<>();
            h.get("groups").forEach(g -> groups.add(g.get("name").asText()));
            assertEquals(List.of("tcpfleet", name.equals(H0) ? "tcpfleet/web" : "tcpfleet/db"), groups.stream().sorted().toList(), name);
            JsonNode iface = h.get("interfaces").get(0);
            assertEquals(name, iface.get("dns").asText(), "{HOST.CONN} is the inventory name: unique even when hosts share an address");
            assertEquals(name.equals(H0) ? address : lab.address(1), iface.get("ip").asText(), "and the interface shows the address");
            assertEquals("tcpfleet by HTTP agent", h.get("parentTemplates").get(0).get("host").asText());
        }
        // Each gets its own values through the HTTP agent, h1 and h1b although they share an address.
        for (String name : List.of(H0, H1, H1B)) {
            assertEquals("2", awaitHostCount(name, "tcpfleet.state[CLOSE_WAIT]", "2"), name);
            assertEquals("OK", awaitValue(name, "tcpfleet.status"), name);
        }
        assertEquals("3", awaitValue(H1, "tcpfleet.state[LISTEN]"), "22, 8080 and 8081");
        assertEquals("0", awaitValue(H1, "tcpfleet.port.accept_queue[8081]"));

        // The hand-made host whose {HOST.CONN} is the shared address gets the reason, not another host's data.
        String shared = api.awaitValue("tf-zbx-shared", "tcpfleet.status", v -> true, collectLog());
        assertEquals("ambiguous address " + lab.address(1) + ": hosts " + H1 + ", " + H1B + " share it; ask by host name instead", shared);
    }

    @Test
    @Order(4)
    void aHostGoneFromTheInventoryIsMarkedLostThenDeletedAfterTheLifetime() throws Exception {
        String collector = api.call("host.get", Map.of("filter", Map.of("host", List.of("tcpfleet collector")))).get(0).get("hostid").asText();
        stopCollect();
        startCollect(inventory(false));
        api.await("the restarted daemon lists 2 hosts", ZabbixEndToEndTest::inventoryServed, h -> h.size() == 2);

        // Default lifetime (7d): still there, "not discovered anymore" with a deletion time set.
        discoverNow(collector);
        api.await(H1B + " not discovered anymore", () -> discoveredHosts(),
                hosts -> deletionTime(hosts, H1B) > 0 && deletionTime(hosts, H0) == 0 && deletionTime(hosts, H1) == 0);

        // Lifetime 0 on the collector: the next discovery deletes it; the others stay.
        api.setMacro(collector, "{$TCPFLEET.LLD.LIFETIME}", "0");
        discoverNow(collector);
        JsonNode left = api.await(H1B + " deleted", () -> discoveredHosts(), hosts -> hosts.size() == 2);
        List<String> names = new ArrayList<>();
        left.forEach(h -> names.add(h.get("host").asText()));
        assertEquals(List.of(H0, H1), names.stream().sorted().toList());
    }

    static void discoverNow(String hostId) throws Exception {
        JsonNode rules = api.call("discoveryrule.get", Map.of("hostids", List.of(hostId), "output", List.of("itemid")));
        api.executeNow(List.of(rules.get(0).get("itemid").asText()));
    }

    static JsonNode discoveredHosts() throws Exception {
        return api.call("host.get", Map.of("filter", Map.of("flags", 4), "output", List.of("host"),
                "selectGroups", List.of("name"), "selectInterfaces", List.of("ip", "dns", "useip"),
                "selectParentTemplates", List.of("host"), "selectHostDiscovery", List.of("ts_delete")));
    }

    static long deletionTime(JsonNode hosts, String name) {
        for (JsonNode h : hosts) {
            if (h.get("host").asText().equals(name)) {
                return h.get("hostDiscovery").get("ts_delete").asLong();
            }
        }
        throw new AssertionError("no discovered host " + name + " in " + hosts);
    }

    /** The daemon's host discovery, or an empty list while it is not listening yet. */
    static JsonNode inventoryServed() throws Exception {
        try {
            return new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/v1/hosts"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException notYet) {
            return new ObjectMapper().createArrayNode();
        }
    }

    static String awaitValue(String host, String key) throws Exception {
        return api.awaitValue(host, key, v -> true, collectLog());
    }

    /**
     * A whole-host count, awaited until it is {@code expected}: it also counts the host's SSH
     * sockets, as ss does, and sshd's side of a session the collector just ended sits in
     * CLOSE_WAIT for a moment. A count that never settles on {@code expected} still fails.
     */
    static String awaitHostCount(String host, String key, String expected) throws Exception {
        return api.awaitValue(host, key, expected::equals, collectLog());
    }

    /** What an LLD rule made: the first group of {@code keyPattern} in each of the host's item keys. */
    static Set<String> discovered(String host, String keyPattern) throws Exception {
        Pattern p = Pattern.compile(keyPattern);
        Set<String> out = new TreeSet<>();
        for (JsonNode i : api.call("item.get", Map.of("host", host, "output", List.of("key_")))) {
            Matcher m = p.matcher(i.get("key_").asText());
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The names of the host's firing triggers, once one contains {@code expected} (up to 90 s). */
    static List<String> awaitProblems(String host, String expected) throws Exception {
        JsonNode problems = api.await(host + ": a firing trigger with '" + expected + "'", () -> api.call("trigger.get",
                Map.of("host", host, "only_true", true, "filter", Map.of("value", 1), "output", List.of("description"),
                        "expandDescription", true)),
                p -> p.findValuesAsText("description").stream().anyMatch(n -> n.contains(expected)));
        return problems.findValuesAsText("description");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Zabbix accepts ListenPort 1024-32767 only; the kernel's free ports are usually above. */
    static int freeZabbixPort() throws Exception {
        for (int p = 20000 + (int) (ProcessHandle.current().pid() % 10000); p < 32767; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (java.io.IOException taken) {
                // next
            }
        }
        throw new IllegalStateException("no free port for the Zabbix trapper");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
