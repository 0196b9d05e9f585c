package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tcpfleet.model.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainListTest {

    @TempDir
    Path dir;

    @Test
    void entriesAreNamedByTheirTarget() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.txt", """
                # the web tier
                web1
                ops@web2:2222   # trailing comment
                [2001:db8::7]:2200

                10.0.0.9
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(), problems(inv));
        assertEquals(List.of("web1:22", "ops@web2:2222", "[2001:db8::7]:2200", "10.0.0.9:22"), names(inv));
        Host web1 = host(inv, "web1:22").host();
        assertEquals("web1", web1.address());
        assertNull(web1.user());
        Host web2 = host(inv, "ops@web2:2222").host();
        assertEquals("ops", web2.user());
        assertEquals(2222, web2.port());
        assertEquals("2001:db8::7", host(inv, "[2001:db8::7]:2200").host().address());
        assertEquals(3, host(inv, "ops@web2:2222").line());
    }

    @Test
    void twoPortsOnOneAddressAreTwoHosts() {
        Inventory inv = new InventoryLoader(SshConfig.empty()).load(List.of(),
                List.of("127.0.0.1:2222", "127.0.0.1:2223", "127.0.0.1:2222", "127.0.0.1"));
        assertEquals(List.of("127.0.0.1:2222", "127.0.0.1:2223", "127.0.0.1:22"), names(inv));
    }

    @Test
    void everyBadLineNamesFileAndLine() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.txt", """
                web1
                web2:99999
                web3 extra words
                web4:
                @web5
                web6:http
                [2001:db8::1
                -oProxyCommand
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of("web1:22"), names(inv));
        assertEquals(List.of(
                f + ":2: bad port '99999' in 'web2:99999'",
                f + ":3: unexpected 'extra words' after host 'web3': a host list has one [user@]host[:port] per line and nothing else",
                f + ":4: bad port '' in 'web4:'",
                f + ":5: '@web5' is not [user@]host[:port]",
                f + ":6: bad port 'http' in 'web6:http'",
                f + ":7: unclosed '[' in '[2001:db8::1'",
                f + ":8: '-oProxyCommand': not a host name or address"), problems(inv));
    }

    @Test
    void commandLineHostsJoinTheInventory() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.txt", "web1\n");
        Inventory inv = new InventoryLoader(SshConfig.empty())
                .load(List.of(f), List.of("root@db1:2022", "bad host", " 10.0.0.3 "));
        assertEquals(List.of("web1:22", "root@db1:2022", "10.0.0.3:22"), names(inv));
        assertNull(host(inv, "root@db1:2022").source());
        assertEquals("command line", host(inv, "root@db1:2022").origin());
        assertEquals(List.of("command line: 'bad host': not a host name or address"), problems(inv));
    }

    @Test
    void theConfigFillsInWhatTheLineLeavesOutAndTheIdentityIsTheResult() throws Exception {
        Path cfg = InventoryFiles.write(dir, "ssh_config", "Host *\n  Port 2200\n  User cfg\nHost web1\n  HostName 10.0.0.1\n");
        Path f = InventoryFiles.write(dir, "hosts", "web1\nweb2:22\nme@web3\n10.0.0.1:2200\n");
        Inventory inv = new InventoryLoader(SshConfig.load(cfg)).load(List.of(f), List.of());
        assertEquals(List.of("cfg@10.0.0.1:2200", "cfg@web2:22", "me@web3:2200"), names(inv)); // 10.0.0.1:2200 is web1
    }

    @Test
    void anUnreadableFileIsAProblemAtLineZero() throws Exception {
        Path missing = dir.resolve("missing.txt");
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Inventory inv = InventoryFiles.load(missing, binary);
        assertEquals(List.of(missing + ": cannot read: no such file", binary + ": cannot read: not a text file (invalid UTF-8)"),
                problems(inv));
    }
}
