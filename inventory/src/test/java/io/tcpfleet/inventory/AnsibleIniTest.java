package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleIniTest {

    @TempDir
    Path dir;

    static final String INVENTORY = """
            mail.example.com

            [web]
            web[01:03].example.com ansible_user=deploy
            web-canary ansible_host=10.0.0.50 ansible_port=2222 ansible_ssh_private_key_file=/keys/canary
            legacy.example.com:2200

            [db]
            db-[a:b] ansible_host="10.0.1.1"

            [mainframe]
            z1 ansible_host=10.9.9.9 tcpfleet_byte_order=big

            [web:vars]
            ansible_user=www
            ansible_ssh_common_args='-o StrictHostKeyChecking=yes -J bastion.example.com'

            [prod:children]
            web
            db

            [prod:vars]
            ansible_user=ops
            ansible_port=2022

            [all:vars]
            ansible_user=nobody
            """;

    @Test
    void groupsVarsChildrenAndRanges() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "hosts", INVENTORY));
        assertEquals(List.of(), inv.problems());
        assertEquals(List.of("mail.example.com", "web01.example.com", "web02.example.com", "web03.example.com",
                "web-canary", "legacy.example.com", "db-a", "db-b", "z1"),
                inv.hosts().stream().map(h -> h.host().name()).toList());

        InventoryHost web02 = InventoryFiles.host(inv, "web02.example.com");
        assertEquals(Set.of("all", "web", "prod"), web02.groups());
        assertEquals("deploy", web02.host().user());          // host var beats every group
        assertEquals(2022, web02.host().port());               // parent group var, nothing closer
        assertEquals("bastion.example.com", web02.host().proxyJump());

        Host canary = InventoryFiles.host(inv, "web-canary").host();
        assertEquals("10.0.0.50", canary.address());
        assertEquals(2222, canary.port());
        assertEquals("www", canary.user());                     // child group (web) beats parent (prod)
        assertEquals("/keys/canary", canary.identityFile());

        assertEquals(2200, InventoryFiles.host(inv, "legacy.example.com").host().port());
        assertEquals("10.0.1.1", InventoryFiles.host(inv, "db-b").host().address());
        assertEquals("ops", InventoryFiles.host(inv, "db-b").host().user());
        assertEquals("nobody", InventoryFiles.host(inv, "mail.example.com").host().user());
        assertEquals(ByteOrder.BIG_ENDIAN, InventoryFiles.host(inv, "z1").host().byteOrder());
    }

    @Test
    void everyErrorNamesItsLine() throws Exception {
        Path f = InventoryFiles.write(dir, "broken.ini", """
                [web]
                web1 ansible_port=http
                web2 stray-token
                web[05:01]

                [web:weird]
                x

                [web:vars]
                no_equals_here
                [ok]
                fine ansible_host="unclosed
                """);
        Inventory inv = InventoryFiles.load(f);
        List<Integer> lines = inv.problems().stream().map(InventoryProblem::line).toList();
        assertEquals(List.of(3, 4, 6, 10, 12, 2), lines, inv.problems().toString());
        String all = inv.problems().toString();
        assertTrue(all.contains("bad ansible_port 'http'"), all);
        assertTrue(all.contains("unknown section type ':weird'"), all);
        assertTrue(all.contains("ends before it starts"), all);
        assertTrue(inv.problems().get(0).toString().startsWith(f + ":3: "), all);
    }

    @Test
    void aChildrenCycleIsReported() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "cycle.ini", """
                [a]
                h1
                [a:children]
                b
                [b:children]
                a
                """));
        assertTrue(inv.problems().stream().anyMatch(p -> p.message().contains("cycle")), inv.problems().toString());
        assertEquals(1, inv.hosts().size());
    }
}
