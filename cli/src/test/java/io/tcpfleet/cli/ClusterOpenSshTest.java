package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.PostgresServer;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-node cluster on a real PostgreSQL polling real OpenSSH hosts (network namespaces holding
 * real sockets): the hosts are divided between the nodes, and both nodes' APIs answer for every
 * host with the counts {@code ss} shows inside its namespace.
 */
@RequiresE2E({Tool.NETNS_LAB, Tool.POSTGRESQL})
class ClusterOpenSshTest {

    static final int HOSTS = 4;
    /** Counts that hold still while the test runs (TIME_WAIT expires on its own after 60 s). */
    static final List<TcpState> STEADY = List.of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LISTEN);

    @TempDir
    Path dir;

    @Test
    void twoNodesDivideRealHostsAndBothAnswerWhatSsSees() throws Exception {
        try (NetnsLab lab = NetnsLab.open(Files.createDirectories(dir.resolve("lab")), HOSTS); PostgresServer pg = PostgresServer.start()) {
            lab.peerSockets();
            StringBuilder inventory = new StringBuilder("[lab]\n");
            StringBuilder known = new StringBuilder();
            for (int i = 0; i < HOSTS; i++) {
                lab.startSshd(i);
                lab.sockets(lab.hostNs(i), "host", lab.peerAddress(), Integer.toString(i));
                inventory.append("h").append(i).append(" ansible_host=").append(lab.address(i)).append('\n');
                known.append(lab.knownHostsLine(i)).append('\n');
            }
            inventory.append("\n[all:vars]\nansible_user=root\n");
            String url = pg.jdbcUrl(pg.createDatabase());
            Path pw = Files.writeString(dir.resolve("pw"), pg.password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            List<String> args = List.of("-i", Files.writeString(dir.resolve("hosts.ini"), inventory).toString(),
                    "--known-hosts", Files.writeString(dir.resolve("known_hosts"), known).toString(),
                    "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--interval", "2s", "--timeout", "10s",
                    "--db", url, "--db-password-file", pw.toString());
            List<DaemonProcess> nodes = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    List<String> a = new ArrayList<>(args);
                    a.addAll(List.of("--node", name));
                    nodes.add(new DaemonProcess(Files.createDirectories(dir.resolve("home-" + name)), a.toArray(String[]::new)));
                }
                Map<String, Integer> shares = awaitBothNodesPolling(url, pg.password());
                assertEquals(Map.of("a", HOSTS / 2, "b", HOSTS / 2), shares, "the hosts divided equally between the nodes");
                for (int i = 0; i < HOSTS; i++) {
                    Map<TcpState, Long> before = lab.ssWithoutSsh(i);
                    List<JsonNode> answers = new ArrayList<>();
                    for (DaemonProcess d : nodes) {
                        DaemonProcess.Answer got = d.get("/v1/hosts/h" + i);
                        assertEquals(200, got.code(), "node answers for h" + i + ": " + got.body());
                        answers.add(new ObjectMapper().readTree(got.body()));
                    }
                    Map<TcpState, Long> after = lab.ssWithoutSsh(i);
                    assertEquals(steady(before), steady(after), "h" + i + "'s sockets held still");
                    for (JsonNode h : answers) {
                        assertEquals(steady(after), steady(FleetEndToEndTest.withoutSsh(h)), "h" + i + ": tcpfleet vs ss -tan");
                    }
                }
            } finally {
                for (DaemonProcess d : nodes) {
                    d.close();
                }
            }
        }
    }

    static Map<TcpState, Long> steady(Map<TcpState, Long> counts) {
        Map<TcpState, Long> out = new TreeMap<>();
        STEADY.forEach(s -> out.put(s, counts.getOrDefault(s, 0L)));
        return out;
    }

    /** Waits (at most 30 s) for an interval slot whose 4 hosts were claimed by both nodes; returns the claims per node. */
    static Map<String, Integer> awaitBothNodesPolling(String url, String password) throws Exception {
        Properties login = new Properties();
        login.setProperty("password", password);
        long until = System.nanoTime() + 30_000_000_000L;
        Map<String, Integer> last = Map.of();
        while (System.nanoTime() < until) {
            try (Connection c = DriverManager.getConnection(url, login); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT node, COUNT(*) FROM tcpfleet_claim WHERE slot = (SELECT MAX(slot) - 1 FROM tcpfleet_claim) GROUP BY node")) {
                Map<String, Integer> shares = new TreeMap<>();
                while (rs.next()) {
                    shares.put(rs.getString(1), rs.getInt(2));
                }
                last = shares;
                if (shares.size() == 2 && shares.values().stream().mapToInt(Integer::intValue).sum() == HOSTS) {
                    // and every node has its samples read in: each host answered by both
                    Thread.sleep(4_000);
                    return shares;
                }
            } catch (java.sql.SQLException e) {
                // the schema is not there before the first node opened the database
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the two nodes never shared the hosts: " + last);
    }
}
