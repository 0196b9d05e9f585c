package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.model.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpfleet inventory check}: lists hosts as they resolve, names every error, exits 2 on errors. */
class InventoryCheckTest {

    @TempDir
    Path dir;

    @Test
    void listsResolvedHostsAsJson() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web[1:2] ansible_host=10.0.0.%s
                [web:vars]
                ansible_user=deploy
                """.replace("%s", "7"));
        Path cfg = Files.writeString(dir.resolve("ssh_config"), "Host 10.0.0.7\n  Port 2222\n  ProxyJump bastion\n");
        Cli.Run run = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", cfg.toString(),
                "--format", "json", "--limit", "web2");
        assertEquals(0, run.exit(), run.toString());
        JsonNode hosts = run.json().get("hosts");
        assertEquals(1, hosts.size());
        JsonNode h = hosts.get(0);
        assertEquals("web2", h.get("name").asText());
        assertEquals("10.0.0.7", h.get("address").asText());
        assertEquals(2222, h.get("port").asInt());
        assertEquals("deploy", h.get("user").asText());
        assertEquals("bastion", h.get("proxy_jump").asText());
        assertEquals(inv + ":2", h.get("defined_at").asText());
    }

    @Test
    void errorsNameFileAndLineAndExitTwo() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts"), "web1\nweb2:notaport\n");
        Cli.Run run = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", "none");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains(inv + ":2: bad port 'notaport'"), run.toString());
        assertTrue(run.out().contains("web1"), "the valid hosts are still listed: " + run);
        // poll refuses the same inventory outright, unless told to skip bad entries
        Cli.Run poll = Cli.run("poll", "-i", inv.toString(), "--ssh-config", "none", "--db", "jdbc:h2:mem:check");
        assertEquals(2, poll.exit(), poll.toString());
        assertEquals("", poll.out());
        assertTrue(poll.err().contains("nothing polled"), poll.toString());
    }
}
