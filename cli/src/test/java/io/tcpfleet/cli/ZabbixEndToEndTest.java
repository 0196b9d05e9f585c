package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REAL Zabbix 6.0 server (Debian's packages, PostgreSQL, the frontend's JSON-RPC API on
 * loopback) imports the shipped templates; one host reads tcpfleet through the external check
 * script, another receives the trapper push; both get the right numbers from a real sshd host in a
 * network namespace, and a threshold trigger fires. CI sets TCPFLEET_E2E=required.
 */
@RequiresE2E({Tool.NETNS_LAB, Tool.POSTGRESQL, Tool.ZABBIX})
class ZabbixEndToEndTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final String EXTERNAL_HOST = "tf-zbx-h0";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the Zabbix and collect logs to read
    static Path dir;
    static NetnsLab lab;
    static Process collect;
    static Path zabbixDir;
    static ZabbixApi api;
    static String address;
    /** The frontend's system config, as it was: the test must neither read nor write it. */
    static final Path SYSTEM_CONF = Path.of("/etc/zabbix/zabbix.conf.php");
    static String systemConfBefore;

    @BeforeAll
    static void start() throws Exception {
        systemConfBefore = snapshot(SYSTEM_CONF);
        lab = NetnsLab.open(dir, 1);
        lab.peerSockets();
        lab.startSshd(0);
        lab.sockets(lab.hostNs(0), "host", lab.peerAddress(), "0"); // 2 CLOSE_WAIT, LISTEN 8080
        address = lab.address(0);
        Files.writeString(dir.resolve("known_hosts"), lab.knownHostsLine(0) + "\n");
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), "[e2e]\n" + EXTERNAL_HOST + " ansible_host=" + address
                + " ansible_user=root\n");
        int apiPort = freePort();
        int trapPort = freeZabbixPort();
        int webPort = freePort();
        int pgPort = freePort();

        // The daemon, polling every 2 s, serving the API and pushing to the trapper by address.
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "collect", "-i", inventory.toString(), "--interval", "2s", "--known-hosts", dir.resolve("known_hosts").toString(),
                "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--listen", "127.0.0.1:" + apiPort,
                "--zabbix-server", "127.0.0.1:" + trapPort, "--zabbix-host-by", "address")
                .redirectErrorStream(true).redirectOutput(dir.resolve("collect.log").toFile());
        pb.environment().put("TCPFLEET_HOME", home.toString());
        collect = pb.start();

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
        zb.environment().put("TCPFLEET_URL", "http://127.0.0.1:" + apiPort);
        Process z = zb.start();
        String out = new String(z.getInputStream().readAllBytes());
        assertTrue(z.waitFor(180, TimeUnit.SECONDS) && z.exitValue() == 0, "zabbix-lab start: " + out);
        api = new ZabbixApi(out.lines().filter(l -> l.startsWith("ready ")).findFirst().orElseThrow().substring(6));
        api.login("Admin", "zabbix");
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

    @Test
    void templatesImportAndBothWaysDeliverTheRightNumbersAndATriggerFires() throws Exception {
        String yaml = Files.readString(REPO.resolve("zabbix/tcpfleet_templates.yaml"));
        Map<String, Object> create = Map.of("createMissing", true, "updateExisting", true);
        Map<String, Object> rules = Map.of("groups", Map.of("createMissing", true), "templates", create, "items", create,
                "triggers", create, "graphs", create, "discoveryRules", create, "valueMaps", create);
        assertTrue(api.call("configuration.import", Map.of("format", "yaml", "source", yaml, "rules", rules)).asBoolean());

        // the stock "Zabbix server" host would only add noise: disable it
        for (JsonNode h : api.call("host.get", Map.of("filter", Map.of("host", List.of("Zabbix server"))))) {
            api.call("host.update", Map.of("hostid", h.get("hostid").asText(), "status", 1));
        }
        String group = api.call("hostgroup.get", Map.of("filter", Map.of("name", List.of("Linux servers"))))
                .get(0).get("groupid").asText();
        String externalTemplate = templateId("tcpfleet by external check");
        String trapperTemplate = templateId("tcpfleet by trapper");
        api.call("host.create", Map.of("host", EXTERNAL_HOST, "groups", List.of(Map.of("groupid", group)),
                "interfaces", List.of(Map.of("type", 1, "main", 1, "useip", 1, "ip", address, "dns", "", "port", "10050")),
                "templates", List.of(Map.of("templateid", externalTemplate)),
                "macros", List.of(Map.of("macro", "{$TCPFLEET.INTERVAL}", "value", "5s"),
                        Map.of("macro", "{$TCPFLEET.CLOSE_WAIT.MAX}", "value", "1"))));
        api.call("host.create", Map.of("host", address, "groups", List.of(Map.of("groupid", group)),
                "templates", List.of(Map.of("templateid", trapperTemplate)),
                "macros", List.of(Map.of("macro", "{$TCPFLEET.CLOSE_WAIT.MAX}", "value", "1"))));

        // The same real sockets through both ways: 2 CLOSE_WAIT, and LISTEN on 8080 and sshd's 22.
        for (String host : List.of(EXTERNAL_HOST, address)) {
            assertEquals("2", awaitValue(host, "tcpfleet.state[CLOSE_WAIT]"), host);
            assertEquals("2", awaitValue(host, "tcpfleet.state[LISTEN]"), host);
            assertEquals("OK", awaitValue(host, host.equals(address) ? "tcpfleet.status" : "tcpfleet.sh[{HOST.CONN},status]"), host);
            // the collector's own health item, read from /health or pushed with every sweep
            String health = awaitValue(host, host.equals(address) ? "tcpfleet.health" : "tcpfleet.sh[health]");
            assertTrue(health.startsWith("OK: "), host + ": " + health);
        }
        // Port discovery made items for the namespace's listeners (8080, and sshd's 22), with values.
        for (String host : List.of(EXTERNAL_HOST, address)) {
            assertEquals("0", awaitValue(host, "tcpfleet.port.accept_queue[8080]"), host);
            assertEquals("0", awaitValue(host, "tcpfleet.port.state[8080,ESTABLISHED]"), host);
        }

        // CLOSE_WAIT 2 > {$TCPFLEET.CLOSE_WAIT.MAX}=1 on both hosts: a problem each.
        for (String host : List.of(EXTERNAL_HOST, address)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            JsonNode problems;
            do {
                problems = api.call("trigger.get", Map.of("host", host, "only_true", true, "filter", Map.of("value", 1),
                        "output", List.of("description")));
                if (problems.size() > 0) {
                    break;
                }
                Thread.sleep(1000);
            } while (System.nanoTime() < until);
            List<String> names = new ArrayList<>();
            problems.forEach(p -> names.add(p.get("description").asText()));
            assertTrue(names.stream().anyMatch(n -> n.contains("many CLOSE_WAIT")), host + " firing triggers: " + names
                    + "\ncollect log:\n" + Files.readString(dir.resolve("collect.log")));
            assertTrue(names.stream().noneMatch(n -> n.contains("collector unhealthy")), host + " firing triggers: " + names);
        }
    }

    static String templateId(String name) throws Exception {
        return api.call("template.get", Map.of("filter", Map.of("host", List.of(name)))).get(0).get("templateid").asText();
    }

    /** Waits (up to 90 s) for the item's newest value in Zabbix's history. */
    static String awaitValue(String host, String key) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String error = "";
        do {
            JsonNode items = api.call("item.get", Map.of("host", host, "filter", Map.of("key_", List.of(key)),
                    "output", List.of("itemid", "value_type", "error")));
            if (items.size() == 1) {
                JsonNode i = items.get(0);
                error = i.get("error").asText();
                JsonNode history = api.call("history.get", Map.of("history", i.get("value_type").asInt(),
                        "itemids", List.of(i.get("itemid").asText()), "sortfield", "clock", "sortorder", "DESC", "limit", 1));
                if (history.size() == 1) {
                    return history.get(0).get("value").asText();
                }
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < until);
        JsonNode all = api.call("item.get", Map.of("host", host, "output", List.of("key_", "lastvalue", "error")));
        throw new AssertionError(host + " " + key + ": no value in Zabbix (item error: " + error + ")\nitems: " + all
                + "\ncollect log:\n" + Files.readString(dir.resolve("collect.log")));
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
