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

    @Test
    void twoPortsOnOneAddressAreTwoHosts() throws Exception {
        Cli.Run run = Cli.run("inventory", "check", "127.0.0.1:2222", "127.0.0.1:2223", "--ssh-config", "none");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("127.0.0.1:2222 ") && run.out().contains("127.0.0.1:2223 "), run.toString());
        assertTrue(run.out().contains("\n2 host(s)\n"), run.toString());
    }

    @Test
    void everyValueSaysWhereItCameFrom() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts"), "[web]\nw1\n");
        Path web = Files.writeString(Files.createDirectories(dir.resolve("group_vars")).resolve("web.yml"),
                "ansible_user: gvuser\nansible_port: 2300\n");
        Path w1 = Files.writeString(Files.createDirectories(dir.resolve("host_vars")).resolve("w1.yml"), "ansible_host: 10.7.7.7\n");
        Cli.Run run = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", "none");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("w1    gvuser@10.7.7.7:2300"), run.toString());
        assertTrue(run.out().contains("w1    address  " + w1 + ":1 (ansible_host)\n"), run.toString());
        assertTrue(run.out().contains("w1    port     " + web + ":2 (ansible_port)\n"), run.toString());
        assertTrue(run.out().contains("w1    user     " + web + ":1 (ansible_user)\n"), run.toString());
        JsonNode h = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", "none", "--format", "json")
                .json().get("hosts").get(0);
        assertEquals(w1 + ":1 (ansible_host)", h.get("origins").get("address").asText());
    }

    @Test
    void stdinTakesAnsibleInventoryListOutput() throws Exception {
        String json = "{\"_meta\": {\"hostvars\": {\"j1\": {\"ansible_host\": \"10.0.0.1\"}}}, \"web\": {\"hosts\": [\"j1\"]}}";
        Cli.Run run = Cli.runWithInput(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "inventory", "check", "-i", "-", "--ssh-config", "none", "--format", "json");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("10.0.0.1", run.json().get("hosts").get(0).get("address").asText());
    }

    @Test
    void namesAndErrorsAreSafeToPrint() throws Exception {
        // A file that tries to clear the screen, retitle the terminal and reverse what follows.
        Path inv = Files.writeString(dir.resolve("evil.yml"), """
                all:
                  hosts:
                    "\\e[2J\\e]0;owned\\a":
                    "ok\\u202Eexe.txt":
                    fine:
                  children:
                    "\\e[31mgroup":
                      hosts:
                        fine:
                """);
        for (String format : new String[] {"table", "json"}) {
            Cli.Run run = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", "none", "--format", format);
            assertEquals(2, run.exit(), run.toString());
            String all = run.out() + run.err();
            assertTrue(all.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), "raw control or bidi characters: " + run);
            assertTrue(run.err().contains("'ok\\u202eexe.txt' has characters"), run.toString());
        }
        Cli.Run table = Cli.run("inventory", "check", "-i", inv.toString(), "--ssh-config", "none");
        assertTrue(table.out().contains("\\x1b[31mgroup"), "the group is listed, escaped: " + table);
    }

    @Test
    void aBadLimitIsAUsageError() throws Exception {
        Cli.Run run = Cli.run("inventory", "check", "web1", "--ssh-config", "none", "--limit", "~web(");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--limit: bad regular expression '~web(' in host pattern: Unclosed group"), run.toString());
    }
}
