package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One inventory from several sources, merged as Ansible merges them. */
class DuplicatesTest {

    @TempDir
    Path dir;

    @Test
    void theSameNameInTwoSourcesIsOneHostWithTheUnionOfItsGroups() throws Exception {
        Path a = InventoryFiles.write(dir, "a.ini", "[web]\nweb1 ansible_host=10.0.0.1\n");
        Path b = InventoryFiles.write(dir, "b.yml", "all:\n  children:\n    edge:\n      hosts:\n        web1:\n          ansible_port: 2201\n");
        Inventory inv = InventoryFiles.load(a, b);
        assertEquals(List.of(), problems(inv));
        assertEquals(1, inv.hosts().size());
        assertEquals(Set.of("all", "web", "edge"), inv.hosts().get(0).groups());
        assertEquals("10.0.0.1:2201", inv.hosts().get(0).host().target());
        assertEquals(a, inv.hosts().get(0).source());
    }

    @Test
    void aLaterSourceWinsAsInAnsibleAndTheOriginSaysWhichOne() throws Exception {
        Path a = InventoryFiles.write(dir, "a.ini", "[web]\nweb1 ansible_host=10.0.0.1\n");
        Path b = InventoryFiles.write(dir, "b.ini", "[web]\nweb1 ansible_host=10.0.0.2\n[web:vars]\nansible_user=ops\n");
        Inventory inv = InventoryFiles.load(a, b);
        assertEquals(List.of(), problems(inv));
        InventoryHost web1 = host(inv, "web1");
        assertEquals("ops@10.0.0.2:22", web1.host().target());
        assertEquals(b + ":2 (ansible_host)", web1.origins().get("address"));
        assertEquals(b + ":4 (ansible_user)", web1.origins().get("user"));
    }

    @Test
    void unnamedTargetsAreOneHostOnlyWhenUserAddressAndPortAgree() throws Exception {
        Path inv = InventoryFiles.write(dir, "hosts.ini", "[web]\nweb1 ansible_host=127.0.0.1 ansible_port=2222\n");
        Path list = InventoryFiles.write(dir, "list", "127.0.0.1:2223\n127.0.0.1:2222\nops@127.0.0.1:2223\n");
        Inventory i = new InventoryLoader(SshConfig.empty()).load(List.of(inv, list),
                List.of("127.0.0.1:2222", "127.0.0.1:2223", "127.0.0.1:2224"));
        assertEquals(List.of(), problems(i));
        // 127.0.0.1:2222 is web1's target: the same host, under its inventory name.
        assertEquals(List.of("web1", "127.0.0.1:2223", "ops@127.0.0.1:2223", "127.0.0.1:2224"), names(i));
        assertEquals(Set.of("all", "web", "ungrouped"), host(i, "web1").groups());
    }
}
