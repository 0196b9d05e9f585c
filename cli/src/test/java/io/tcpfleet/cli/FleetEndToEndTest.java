package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpfleet against REAL OpenSSH sshd hosts in network namespaces with real sockets in LISTEN,
 * ESTABLISHED, CLOSE_WAIT and TIME_WAIT: the counts it stores equal {@code ss -tan} in each
 * namespace. An Ansible inventory, strict known_hosts (hashed entries too), accept-new and a jump
 * host are covered. Needs root, iproute2, openssh-server and nftables; CI installs them and sets
 * TCPFLEET_E2E=required so that a missing piece fails instead of skipping.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresE2E(Tool.NETNS_LAB)
class FleetEndToEndTest {

    // web0, web1 direct; db2 only through web0; new3 not in known_hosts; deep4 only from db2 (a 2-hop chain)
    static final int HOSTS = 5;

    @TempDir
    static Path dir;
    static NetnsLab lab;
    static Path inventory;
    static Path knownHosts;
    static String db;

    @BeforeAll
    static void startFleet() throws Exception {
        lab = NetnsLab.open(dir, HOSTS);
        lab.peerSockets();
        for (int i = 0; i < HOSTS; i++) {
            lab.startSshd(i);
            lab.sockets(lab.hostNs(i), "host", lab.peerAddress(), Integer.toString(i));
        }
        lab.onlyViaJump(2);
        lab.onlyFrom(4, lab.address(2));
        // known_hosts: web1's entry hashed (as HashKnownHosts writes them), new3 absent.
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, lab.knownHostsLine(0) + "\n" + lab.knownHostsLine(1) + "\n" + lab.knownHostsLine(2) + "\n"
                + lab.knownHostsLine(4) + "\n");
        hashEntry(1);
        inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web0 ansible_host=%1$s.10
                web1 ansible_host=%1$s.11

                [db]
                db2 ansible_host=%1$s.12 ansible_ssh_common_args='-J root@%1$s.10'

                [new]
                new3 ansible_host=%1$s.13

                [deep]
                deep4 ansible_host=%1$s.14 ansible_ssh_common_args='-J root@%1$s.10,root@%1$s.12'

                [all:vars]
                ansible_user=root
                """.formatted(lab.net));
        db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
    }

    /** Rewrites host i's known_hosts line hashed, with ssh-keygen -H. */
    static void hashEntry(int i) throws Exception {
        Path one = dir.resolve("kh_" + i);
        Files.writeString(one, lab.knownHostsLine(i) + "\n");
        NetnsLab.run("ssh-keygen", "-q", "-H", "-f", one.toString());
        String hashed = Files.readString(one).trim();
        assertTrue(hashed.startsWith("|1|"), hashed);
        String plain = lab.knownHostsLine(i);
        List<String> lines = new ArrayList<>(Files.readAllLines(knownHosts));
        lines.replaceAll(l -> l.equals(plain) ? hashed : l);
        Files.write(knownHosts, lines);
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static String[] fleetArgs(String... extra) {
        List<String> a = new ArrayList<>(List.of("-i", inventory.toString(), "--known-hosts", knownHosts.toString(),
                "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--db", db, "--timeout", "20s",
                "--format", "json"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void storedCountsEqualSsInEveryNamespace() throws Exception {
        Map<Integer, Map<TcpState, Long>> before = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            before.put(i, lab.ssWithoutSsh(i));
        }
        Cli.Run run = Cli.run(withCommand("poll", fleetArgs("--limit", "web,db")));
        Map<Integer, Map<TcpState, Long>> after = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            after.put(i, lab.ssWithoutSsh(i));
        }
        assertEquals(ExitCode.OK, run.exit(), run.toString());
        JsonNode hosts = run.json();
        assertEquals(3, hosts.size(), run.toString());
        String[] names = {"web0", "web1", "db2"};
        for (int i = 0; i < 3; i++) {
            JsonNode h = find(hosts, names[i]);
            assertEquals("OK", h.get("status").asText(), h.toString());
            assertEquals(before.get(i), after.get(i), "sockets of host " + i + " changed during the poll");
            Map<TcpState, Long> ours = withoutSsh(h);
            assertEquals(after.get(i), ours, names[i] + ": tcpfleet vs ss -tan (SSH's own sockets left out)");
            // the sockets the lab made: i+1 ESTABLISHED, 2 CLOSE_WAIT, i+2 TIME_WAIT, 1-2 listeners
            assertEquals(i + 1, ours.getOrDefault(TcpState.ESTABLISHED, 0L));
            assertEquals(2, ours.getOrDefault(TcpState.CLOSE_WAIT, 0L));
            assertEquals(i + 2, ours.getOrDefault(TcpState.TIME_WAIT, 0L));
            assertEquals(i % 2 == 1 ? 2 : 1, ours.getOrDefault(TcpState.LISTEN, 0L));
        }
        // What poll printed is what was stored.
        Cli.Run get = Cli.run("get", "db2", "CLOSE_WAIT", "--db", db);
        assertEquals("2", get.out().trim(), get.toString());
        Cli.Run get1 = Cli.run("get", lab.address(1), "TIME_WAIT", "--db", db);
        assertEquals(find(hosts, "web1").get("states").get("TIME_WAIT").asText(), get1.out().trim(), get1.toString());
    }

    @Test
    @Order(2)
    void anUnknownHostKeyFailsThatHostOnlyUntilAcceptNew() throws Exception {
        Cli.Run strict = Cli.run(withCommand("poll", fleetArgs("--group", "new")));
        assertEquals(ExitCode.FAILED, strict.exit(), strict.toString());
        JsonNode failed = find(strict.json(), "new3");
        assertEquals("HOSTKEY_UNKNOWN", failed.get("status").asText());
        assertTrue(failed.get("error").asText().contains("--accept-new"), failed.toString());
        String kh = Files.readString(knownHosts);

        Cli.Run accepted = Cli.run(withCommand("poll", fleetArgs("--group", "new", "--accept-new")));
        assertEquals(ExitCode.OK, accepted.exit(), accepted.toString());
        assertTrue(Files.readString(knownHosts).startsWith(kh), "accept-new appends, never rewrites");
        assertTrue(Files.readString(knownHosts).contains(lab.address(3) + " ssh-ed25519 "), Files.readString(knownHosts));

        Cli.Run strictAgain = Cli.run(withCommand("poll", fleetArgs("--group", "new")));
        assertEquals(ExitCode.OK, strictAgain.exit(), strictAgain.toString());
    }

    @Test
    @Order(3)
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path other = dir.resolve("known_hosts_changed");
        // web0 claims new3's key: exactly what a man in the middle looks like.
        Files.writeString(other, lab.knownHostsLine(3).replace(lab.address(3), lab.address(0)) + "\n");
        Cli.Run run = Cli.run("poll", "-i", inventory.toString(), "--known-hosts", other.toString(), "--accept-new",
                "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--db", db, "--limit", "web0",
                "--format", "json");
        assertEquals(ExitCode.FAILED, run.exit(), run.toString());
        JsonNode h = find(run.json(), "web0");
        assertEquals("HOSTKEY_CHANGED", h.get("status").asText(), h.toString());
        Cli.Run get = Cli.run("get", "web0", "--db", db);
        assertEquals(ExitCode.FAILED, get.exit(), get.toString());
        assertTrue(get.err().contains("HOSTKEY_CHANGED"), get.toString());
    }

    @Test
    @Order(4)
    void theJumpHostIsNeededAndUsed() throws Exception {
        // Without the inventory's ProxyJump, db2 drops our SYNs: a timeout, not a result.
        Cli.Run direct = Cli.run("poll", "root@" + lab.address(2), "--known-hosts", knownHosts.toString(),
                "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--db", db, "--connect-timeout", "1s",
                "--timeout", "3s", "--format", "json");
        assertEquals(ExitCode.FAILED, direct.exit(), direct.toString());
        String status = direct.json().get(0).get("status").asText();
        assertTrue(status.equals("UNREACHABLE") || status.equals("TIMEOUT"), direct.toString());
        // --jump on the command line works like the inventory's -J.
        Cli.Run jumped = Cli.run("poll", "root@" + lab.address(2), "--jump", "root@" + lab.address(0),
                "--known-hosts", knownHosts.toString(), "--identity", lab.clientKey.toString(), "--ssh-config", "none",
                "--db", db, "--format", "json");
        assertEquals(ExitCode.OK, jumped.exit(), jumped.toString());
    }

    @Test
    @Order(5)
    void collectKeepsOneLoginServesReadersAndStopsCleanlyOnSigterm() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Process daemon = tcpfleet(home, "collect", "-i", inventory.toString(), "--limit", "web", "--interval", "2s",
                "--known-hosts", knownHosts.toString(), "--identity", lab.clientKey.toString(), "--ssh-config", "none");
        StringBuilder log = new StringBuilder();
        java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(daemon.getErrorStream()));
        try {
            int sweeps = 0;
            long until = System.nanoTime() + 60_000_000_000L;
            String line;
            while (sweeps < 2 && System.nanoTime() < until && (line = err.readLine()) != null) {
                log.append(line).append('\n');
                if (line.contains("sweep: 2/2 ok")) {
                    sweeps++;
                }
            }
            assertEquals(2, sweeps, log.toString());
            // Persistent connections: one SSH login held per host between sweeps.
            assertEquals(1, sshSessions(0), "kept connections on web0");

            // Another process reads the daemon's database while it runs.
            Process reader = tcpfleet(home, "get", "web1", "TIME_WAIT");
            String value = new String(reader.getInputStream().readAllBytes()).trim();
            String readerErr = new String(reader.getErrorStream().readAllBytes());
            assertTrue(reader.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, reader.exitValue(), readerErr);
            assertEquals(Long.toString(lab.ssWithoutSsh(1).get(TcpState.TIME_WAIT)), value);
        } finally {
            // SIGTERM by pid (Process.destroy would also close our end of its stderr)
            NetnsLab.run("kill", "-TERM", Long.toString(daemon.pid()));
        }
        String rest = err.lines().collect(java.util.stream.Collectors.joining("\n")); // until the daemon exits
        assertTrue(daemon.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "collect did not stop on SIGTERM");
        assertEquals(0, daemon.exitValue(), log + rest);
        assertTrue(rest.contains("stopping"), rest);
        assertTrue(Files.notExists(home.resolve("collect.properties")), "the daemon removes its info file");
        // The database was closed cleanly and holds every sweep.
        Cli.Run history = Cli.run("history", "web0", "--since", "1h", "--db", "jdbc:h2:file:" + home.resolve("tcpfleet"),
                "--format", "json");
        assertEquals(ExitCode.OK, history.exit(), history.toString());
        assertTrue(history.json().size() >= 2, history.toString());
    }

    @Test
    @Order(6)
    void aProxyJumpChainGoesThroughEveryHop() throws Exception {
        // deep4 takes SSH only from db2, db2 only from web0 (never from us): web0 then db2 is the one way in.
        Cli.Run run = Cli.run(withCommand("poll", fleetArgs("--limit", "deep")));
        assertEquals(ExitCode.OK, run.exit(), run.toString());
        JsonNode h = find(run.json(), "deep4");
        assertEquals("OK", h.get("status").asText(), h.toString());
        // the lab's long-lived sockets in host 4 (TIME_WAIT ones may have expired by now)
        Map<TcpState, Long> ours = withoutSsh(h);
        assertEquals(5, ours.getOrDefault(TcpState.ESTABLISHED, 0L), ours.toString());
        assertEquals(2, ours.getOrDefault(TcpState.CLOSE_WAIT, 0L), ours.toString());
    }

    /** Established SSH sessions at host i (local port 22). */
    static long sshSessions(int i) throws Exception {
        return NetnsLab.output("ip", "netns", "exec", lab.hostNs(i), "ss", "-Htn", "state", "established", "sport", "= :22")
                .lines().filter(l -> !l.isBlank()).count();
    }

    /** The real command in its own JVM, with its own TCPFLEET_HOME. */
    static Process tcpfleet(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TCPFLEET_HOME", home.toString());
        return pb.start();
    }

    static String[] withCommand(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    static JsonNode find(JsonNode hosts, String name) {
        for (JsonNode h : hosts) {
            if (h.get("host").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no " + name + " in " + hosts);
    }

    /** The host's counts without SSH's own sockets: local port 22, and outbound to port 22 (a jump). */
    static Map<TcpState, Long> withoutSsh(JsonNode h) {
        Map<TcpState, Long> m = new EnumMap<>(TcpState.class);
        for (TcpState s : TcpState.COUNTED) {
            long n = h.get("states").get(s.name()).asLong();
            for (JsonNode p : h.get("ports")) {
                if (p.get("port").asInt() == 22) {
                    n -= p.get("states").get(s.name()).asLong();
                }
            }
            for (JsonNode p : h.get("peers")) {
                if ("out".equals(p.get("direction").asText(null)) && p.get("port").asInt() == 22) {
                    n -= p.get("states").get(s.name()).asLong();
                }
            }
            if (n != 0) {
                m.put(s, n);
            }
        }
        return m;
    }
}
