package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host (sshd in a network namespace) with a real CLOSE_WAIT leak — a server on 8080 that
 * never closes accepted sockets whose clients went away, more every poll — and a real TIME_WAIT
 * storm of short connections to one peer: {@code diagnose} names the state, the port or peer, and
 * the cause.
 */
@RequiresE2E(Tool.NETNS_LAB)
class DiagnoseEndToEndTest {

    @TempDir
    static Path dir;
    static NetnsLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = NetnsLab.open(dir, 1);
        lab.peerSockets();
        lab.startSshd(0);
        lab.sockets(lab.hostNs(0), "leaky", lab.peerAddress(), "400");
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void diagnoseNamesTheLeakingPortAndTheStormPeer() throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), lab.knownHostsLine(0) + "\n");
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Path inventory = Files.writeString(dir.resolve("hosts"), "leaky ansible_host=" + lab.address(0) + " ansible_user=root\n");
        for (int i = 0; i < 8; i++) { // the leak grows between polls: 4 more clients go away each time
            lab.sockets(lab.peerNs(), "clients", lab.address(0), "4");
            Cli.Run poll = Cli.run("poll", "-i", inventory.toString(), "--known-hosts", kh.toString(),
                    "--identity", lab.clientKey.toString(), "--ssh-config", "none", "--db", db, "--format", "csv");
            assertEquals(0, poll.exit(), poll.toString());
        }
        Cli.Run run = Cli.run("diagnose", "leaky", "--db", db, "--format", "json", "--time-wait", "200", "--since", "1h");
        assertEquals(3, run.exit(), run.toString());
        List<String> rules = new ArrayList<>();
        JsonNode leak = null;
        JsonNode storm = null;
        for (JsonNode f : run.json().get("findings")) {
            rules.add(f.get("rule").asText());
            if (f.get("rule").asText().equals("close-wait-leak")) {
                leak = f;
            }
            if (f.get("rule").asText().equals("time-wait")) {
                storm = f;
            }
        }
        assertTrue(leak != null, "no CLOSE_WAIT leak in " + rules + "\n" + run.out());
        assertEquals("CLOSE_WAIT", leak.get("state").asText());
        assertTrue(leak.get("summary").asText().contains("32 sockets in CLOSE_WAIT on port 8080"), leak.toString());
        assertTrue(leak.get("cause").asText().startsWith("the application listening on port 8080 does not close"), leak.toString());
        assertTrue(storm != null, "no TIME_WAIT finding in " + rules + "\n" + run.out());
        assertEquals("TIME_WAIT", storm.get("state").asText());
        assertTrue(storm.get("summary").asText().contains("toward " + lab.peerAddress() + ":5433"), storm.toString());
        assertTrue(storm.get("cause").asText().contains("closed by this host first"), storm.toString());

        Cli.Run text = Cli.run("diagnose", "leaky", "--db", db, "--time-wait", "200", "--since", "1h");
        assertEquals(3, text.exit());
        assertTrue(text.out().contains("CRITICAL  CLOSE_WAIT leak"), text.out());
    }
}
