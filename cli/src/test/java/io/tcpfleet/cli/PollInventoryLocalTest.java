package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inventory host with {@code ansible_connection=local} is this machine, polled through /proc, never over SSH. */
class PollInventoryLocalTest {

    @TempDir
    Path dir;

    @Test
    void aLocalInventoryHostIsReadThroughProc() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            Path inv = Files.writeString(dir.resolve("hosts"), """
                    [here]
                    me ansible_connection=local ansible_host=203.0.113.9 ansible_user=nobody
                    """);
            // No known_hosts, no key: an SSH attempt could only fail.
            Cli.Run run = Cli.run("poll", "-i", inv.toString(), "--ssh-config", "none", "--no-store", "--format", "json",
                    "--known-hosts", dir.resolve("known_hosts").toString(), "--no-agent", "--connect-timeout", "1s",
                    "--timeout", "3s");
            assertEquals(ExitCode.OK, run.exit(), run.toString());
            JsonNode host = run.json().get(0);
            assertEquals("me", host.get("host").asText());
            assertEquals("OK", host.get("status").asText(), host.toString());
            boolean seen = false;
            for (JsonNode p : host.get("ports")) {
                seen |= p.get("port").asInt() == port && p.get("states").get("LISTEN").asInt() == 1;
            }
            assertTrue(seen, "this test's listener on port " + port + " is in the result: " + host.get("ports"));
        }
    }

    @Test
    void aLocalNameTheZabbixCheckWouldRefuseIsAUsageError() {
        Cli.Run run = Cli.run("poll", "--local", "--name", "bad name", "--no-store");
        assertEquals(ExitCode.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("--name: host name 'bad name' has characters other than"), run.toString());
    }
}
