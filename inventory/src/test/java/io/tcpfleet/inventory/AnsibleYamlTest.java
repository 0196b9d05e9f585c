package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleYamlTest {

    @TempDir
    Path dir;

    @Test
    void hostsVarsAndNestedChildren() throws Exception {
        Path f = InventoryFiles.write(dir, "inventory.yml", """
                all:
                  vars:
                    ansible_user: nobody
                  hosts:
                    mail.example.com:
                  children:
                    prod:
                      vars:
                        ansible_port: 2022
                        some_list: [1, 2]
                      children:
                        web:
                          hosts:
                            web[1:2]:
                              ansible_user: deploy
                            canary:
                              ansible_host: 10.0.0.50
                              ansible_port: 2222
                          vars:
                            ansible_user: www
                        db:
                          hosts:
                            db1: {ansible_host: 10.0.1.1}
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(), inv.problems());
        assertEquals(List.of("mail.example.com", "web1", "web2", "canary", "db1"),
                inv.hosts().stream().map(h -> h.host().name()).toList());
        InventoryHost web2 = InventoryFiles.host(inv, "web2");
        assertEquals(Set.of("all", "prod", "web"), web2.groups());
        assertEquals("deploy", web2.host().user());
        assertEquals(2022, web2.host().port());
        assertEquals(14, web2.line());
        Host canary = InventoryFiles.host(inv, "canary").host();
        assertEquals("10.0.0.50", canary.address());
        assertEquals(2222, canary.port());
        assertEquals("www", canary.user());
        assertEquals("nobody", InventoryFiles.host(inv, "mail.example.com").host().user());
        assertEquals("10.0.1.1", InventoryFiles.host(inv, "db1").host().address());
    }

    @Test
    void structuralErrorsNameTheirLine() throws Exception {
        Path f = InventoryFiles.write(dir, "bad.yaml", """
                all:
                  children:
                    web:
                      host:
                        web1:
                      hosts:
                        web2:
                          ansible_port: nope
                        web3: just-a-string
                """);
        Inventory inv = InventoryFiles.load(f);
        String all = inv.problems().toString();
        assertEquals(3, inv.problems().size(), all);
        assertTrue(all.contains(f + ":4: unexpected key 'host'"), all);
        assertTrue(all.contains(f + ":9: vars of host 'web3' must be a mapping"), all);
        assertTrue(all.contains(f + ":7: web2: bad ansible_port 'nope'"), all);
    }

    @Test
    void syntaxErrorsNameTheirLine() throws Exception {
        Path f = InventoryFiles.write(dir, "broken.yml", "all:\n  hosts:\n    web1:\n   - oops: [\n");
        Inventory inv = InventoryFiles.load(f);
        assertEquals(1, inv.problems().size());
        assertTrue(inv.problems().get(0).line() >= 3, inv.problems().toString());
        assertTrue(inv.problems().get(0).message().startsWith("YAML syntax error"), inv.problems().toString());
    }

    @Test
    void yamlWithoutExtensionIsDetected() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "hosts", "---\nall:\n  hosts:\n    a1:\n"));
        assertEquals(List.of(), inv.problems());
        assertEquals("a1", inv.hosts().get(0).host().name());
    }
}
