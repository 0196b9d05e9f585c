package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {

    @TempDir
    Path dir;

    @Test
    void firstValueWinsAcrossMatchingBlocks() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/10-db"), "Host db*\n  User dba\n  Port 2201\n");
        Path cfg = InventoryFiles.write(dir, "config", """
                # global defaults come last in a real config, first here to test ordering
                Host web1
                    HostName 10.0.0.1
                    User = deploy
                Host web* !web-canary
                    User nobody
                    Port 2200
                    IdentityFile ~/.ssh/web_%h
                    ProxyJump ops@bastion:22
                Host web-canary
                    HostName %h.canary.example.com
                Include CONFD
                Match exec "test -f /nonexistent"
                    User never
                Host *
                    User fallback
                    Port 22
                """.replace("CONFD", dir.resolve("conf.d/*").toString()));
        SshConfig c = SshConfig.load(cfg);
        SshConfig.Resolved web1 = c.resolve("web1");
        assertEquals("10.0.0.1", web1.hostName());
        assertEquals("deploy", web1.user());     // first obtained value wins
        assertEquals(2200, web1.port());
        assertEquals(System.getProperty("user.home") + "/.ssh/web_10.0.0.1", web1.identityFile());
        assertEquals("ops@bastion:22", web1.proxyJump());

        SshConfig.Resolved canary = c.resolve("web-canary");  // negated out of web*
        assertEquals("web-canary.canary.example.com", canary.hostName());
        assertEquals("fallback", canary.user());
        assertNull(canary.proxyJump());

        SshConfig.Resolved db = c.resolve("db7");
        assertEquals("dba", db.user());
        assertEquals(2201, db.port());
    }

    @Test
    void inventoryValuesBeatTheConfig() throws Exception {
        Path cfg = InventoryFiles.write(dir, "config", "Host app1\n  HostName 192.0.2.10\n  User cfguser\n  Port 2000\n");
        Path inv = InventoryFiles.write(dir, "hosts.ini", "[app]\napp1 ansible_user=invuser\napp2 ansible_host=app1\n");
        Inventory i = new InventoryLoader(SshConfig.load(cfg)).load(List.of(inv), List.of());
        Host app1 = InventoryFiles.host(i, "app1").host();
        assertEquals("192.0.2.10", app1.address());
        assertEquals("invuser", app1.user());
        assertEquals(2000, app1.port());
        // ssh matches the config against the name it is given: ansible_host.
        Host app2 = InventoryFiles.host(i, "app2").host();
        assertEquals("192.0.2.10", app2.address());
        assertEquals("cfguser", app2.user());
    }

    @Test
    void badPortNamesFileAndLine() throws Exception {
        Path cfg = InventoryFiles.write(dir, "config", "Host x\n  Port ssh\n");
        InventoryException e = assertThrows(InventoryException.class, () -> SshConfig.load(cfg));
        assertTrue(e.getMessage().startsWith(cfg + ":2: bad Port 'ssh'"), e.getMessage());
    }

    @Test
    void aMissingConfigIsEmpty() throws Exception {
        assertNull(SshConfig.load(dir.resolve("nope")).resolve("h").user());
    }
}
