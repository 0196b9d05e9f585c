package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventorySelectionTest {

    @TempDir
    Path dir;

    static final String INVENTORY = """
            [web]
            web1 ansible_host=10.0.0.1
            web2 ansible_host=10.0.0.2
            [db]
            db1 ansible_host=10.0.1.1
            [canary]
            web2
            [prod:children]
            web
            db
            """;

    List<String> select(String group, String limit) throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "hosts.ini", INVENTORY));
        return inv.select(group, limit).stream().map(Host::name).toList();
    }

    @Test
    void groupAndLimitPatterns() throws Exception {
        assertEquals(List.of("web1", "web2", "db1"), select(null, null));
        assertEquals(List.of("web1", "web2"), select("web", null));
        assertEquals(List.of("web1", "web2", "db1"), select("prod", null));
        assertEquals(List.of(), select("nosuch", null));
        assertEquals(List.of("web1"), select(null, "web1"));
        assertEquals(List.of("web1", "db1"), select(null, "web1,db*"));
        assertEquals(List.of("web1", "db1"), select(null, "prod:!canary"));
        assertEquals(List.of("web2"), select(null, "web:&canary"));
        assertEquals(List.of("db1"), select(null, "10.0.1.*"));
        assertEquals(List.of("web2"), select("web", "~.*2$"));
    }

    /** Issue 13: Zabbix host discovery files each host under its most specific group. */
    @Test
    void groupsMostSpecificFirst() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "hosts.ini", "lonely ansible_host=10.0.9.9\n" + INVENTORY));
        assertEquals(java.util.Map.of("web1", List.of("web", "prod"), "web2", List.of("canary", "web", "prod"),
                "db1", List.of("db", "prod"), "lonely", List.of("ungrouped")), inv.groupsBySpecificity());
    }

    @Test
    void aBadRegexIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select(null, "~web("));
        assertTrue(e.getMessage().startsWith("bad regular expression '~web(' in host pattern: Unclosed group"),
                e.getMessage());
    }

    @Test
    void anIdentityWithAPortIsOneTermNotTwo() {
        Inventory inv = new InventoryLoader(SshConfig.empty()).load(List.of(), List.of("127.0.0.1:2222", "127.0.0.1:2223"));
        assertEquals(List.of("127.0.0.1:2223"), inv.select(null, "127.0.0.1:2223").stream().map(Host::name).toList());
        assertEquals(2, inv.select(null, "127.0.0.1").size(), "the address matches both");
    }
}
