package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicatesTest {

    @TempDir
    Path dir;

    @Test
    void theSameHostTwiceIsMergedWithTheUnionOfItsGroups() throws Exception {
        Path a = InventoryFiles.write(dir, "a.ini", "[web]\nweb1 ansible_host=10.0.0.1\n");
        Path b = InventoryFiles.write(dir, "b.yml", "all:\n  children:\n    edge:\n      hosts:\n        web1:\n          ansible_host: 10.0.0.1\n");
        Inventory inv = InventoryFiles.load(a, b);
        assertEquals(List.of(), inv.problems());
        assertEquals(1, inv.hosts().size());
        assertEquals(Set.of("all", "web", "edge"), inv.hosts().get(0).groups());
        assertEquals(a, inv.hosts().get(0).source());
    }

    @Test
    void conflictingDefinitionsNameBothPlaces() throws Exception {
        Path a = InventoryFiles.write(dir, "a.ini", "[web]\nweb1 ansible_host=10.0.0.1\n");
        Path b = InventoryFiles.write(dir, "b.txt", "# other list\nweb1:2222\n");
        Inventory inv = InventoryFiles.load(a, b);
        assertEquals(1, inv.problems().size());
        String msg = inv.problems().get(0).toString();
        assertTrue(msg.startsWith(b + ":2: host 'web1' defined at " + a + ":2 as 10.0.0.1:22 and here as web1:2222"), msg);
    }
}
