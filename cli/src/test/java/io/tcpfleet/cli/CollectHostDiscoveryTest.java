package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a running {@code collect} hands Zabbix host discovery each host's inventory groups,
 * the most specific first, ranked over the whole inventory whatever {@code --group} selects.
 */
class CollectHostDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void hostDiscoveryCarriesTheInventoryGroups() throws Exception {
        // this machine under three names (read through /proc, no SSH): web has 2 hosts, prod 3
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web1 ansible_connection=local
                web2 ansible_connection=local
                [db]
                db1 ansible_connection=local
                [prod:children]
                web
                db
                """);
        try (DaemonProcess d = new DaemonProcess(Files.createDirectories(dir.resolve("home")), "-i", inventory.toString(),
                "--group", "web", "--ssh-config", "none", "--interval", "60s")) {
            DaemonProcess.Answer a = d.get("/v1/hosts");
            assertEquals(200, a.code(), a.body());
            JsonNode hosts = new ObjectMapper().readTree(a.body());
            assertEquals(new ObjectMapper().readTree("""
                    [{"{#HOST}":"web1","{#ADDRESS}":"local","{#IP}":"","{#GROUP}":"web","{#GROUPS}":"web,prod"},
                     {"{#HOST}":"web2","{#ADDRESS}":"local","{#IP}":"","{#GROUP}":"web","{#GROUPS}":"web,prod"}]
                    """), hosts, "the selected hosts, filed under web (2 hosts in the inventory) before prod (3)");
        }
    }
}
