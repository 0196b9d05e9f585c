package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainListTest {

    @TempDir
    Path dir;

    @Test
    void readsUsersPortsIpv6AndComments() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.txt", """
                # the web tier
                web1
                ops@web2:2222   # trailing comment
                [2001:db8::7]:2200

                10.0.0.9
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(), inv.problems());
        assertEquals(List.of("web1", "web2", "2001:db8::7", "10.0.0.9"),
                inv.hosts().stream().map(h -> h.host().name()).toList());
        Host web1 = InventoryFiles.host(inv, "web1").host();
        assertEquals(22, web1.port());
        assertNull(web1.user());
        Host web2 = InventoryFiles.host(inv, "web2").host();
        assertEquals("ops", web2.user());
        assertEquals(2222, web2.port());
        assertEquals(2200, InventoryFiles.host(inv, "2001:db8::7").host().port());
        assertEquals(3, InventoryFiles.host(inv, "web2").line());
    }

    @Test
    void badLinesNameFileAndLine() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.txt", "web1\nweb2:99999\nweb3 extra words\nweb4:\n");
        Inventory inv = InventoryFiles.load(f);
        assertEquals(1, inv.hosts().size());
        assertEquals(3, inv.problems().size(), inv.problems().toString());
        assertEquals(2, inv.problems().get(0).line());
        assertTrue(inv.problems().get(0).toString().startsWith(f + ":2: "), inv.problems().get(0).toString());
        assertTrue(inv.problems().get(0).message().contains("99999"));
        assertEquals(3, inv.problems().get(1).line());
        assertEquals(4, inv.problems().get(2).line());
    }

    @Test
    void commandLineHostsJoinTheInventory() {
        Inventory inv = new InventoryLoader(SshConfig.empty()).load(List.of(), List.of("root@db1:2022", "bad host"));
        assertEquals(1, inv.hosts().size());
        assertEquals("root@db1:2022", inv.hosts().get(0).host().target());
        assertTrue(inv.problems().get(0).toString().startsWith("command line: "), inv.problems().toString());
    }

    @Test
    void anUnreadableFileIsAProblemNotACrash() {
        Inventory inv = InventoryFiles.load(dir.resolve("missing.txt"));
        assertEquals(1, inv.problems().size());
        assertEquals(0, inv.problems().get(0).line());
        assertTrue(inv.problems().get(0).message().startsWith("cannot read"));
    }
}
