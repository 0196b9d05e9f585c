package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** group_vars/ and host_vars/: what they give, where each value came from, and their errors. */
class VarsFilesTest {

    @TempDir
    Path dir;

    @Test
    void theIssuesExampleResolvesAsAnsibleAndSaysWhereEachValueCameFrom() throws Exception {
        Path hosts = InventoryFiles.write(dir, "hosts", "[web]\nw1\nw2 ansible_user=inline\n");
        Path web = InventoryFiles.write(dir, "group_vars/web.yml", "ansible_user: gvuser\nansible_port: 2300\n");
        Path w1 = InventoryFiles.write(dir, "host_vars/w1.yml", "# the address\nansible_host: 10.7.7.7\n");
        Inventory inv = InventoryFiles.load(hosts);
        assertEquals(List.of(), problems(inv));
        InventoryHost h = host(inv, "w1");
        assertEquals("gvuser@10.7.7.7:2300", h.host().target());
        assertEquals(Map.of("address", w1 + ":2 (ansible_host)", "user", web + ":1 (ansible_user)",
                "port", web + ":2 (ansible_port)"), h.origins());
        InventoryHost w2 = host(inv, "w2");
        assertEquals("inline@w2:2300", w2.host().target());
        assertEquals(Map.of("address", "the inventory name", "user", hosts + ":3 (ansible_user)",
                "port", web + ":2 (ansible_port)"), w2.origins());
    }

    @Test
    void aVaultFileIsAnErrorNamingItAndItsHostsAreLeftOut() throws Exception {
        Path hosts = InventoryFiles.write(dir, "hosts", "[web]\nw1\n[db]\nd1\n");
        Path vault = InventoryFiles.write(dir, "group_vars/web/vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n6231336532\n");
        InventoryFiles.write(dir, "group_vars/web/vars.yml", "ansible_user: ops\n");
        Inventory inv = InventoryFiles.load(hosts);
        assertEquals(List.of(vault + ": encrypted with ansible-vault, and tcpfleet never decrypts: the hosts it applies to"
                + " are left out. Let Ansible decrypt: ansible-inventory -i INVENTORY --list --ask-vault-pass | tcpfleet ... -i -"),
                problems(inv));
        assertEquals(List.of("d1"), names(inv), "w1 is not polled with values that may be wrong");
    }

    @Test
    void badValuesAndBadFilesNameTheVarsFileAndLine() throws Exception {
        Path hosts = InventoryFiles.write(dir, "hosts", "[web]\nw1\n[db]\nd1\n[app]\na1\n[ok]\nk1\n");
        Path web = InventoryFiles.write(dir, "group_vars/web.yaml", "ansible_user: ops\nansible_port: ssh\n");
        Path db = InventoryFiles.write(dir, "group_vars/db.json", "{\"ansible_port\": 22,\n \"x\": }\n");
        Path app = InventoryFiles.write(dir, "group_vars/app", "- a list\n- not vars\n");
        Path k1 = InventoryFiles.write(dir, "host_vars/k1.yml", "ansible_host: '{{ lookup(\"env\", \"X\") }}'\n");
        Inventory inv = InventoryFiles.load(hosts);
        assertEquals(List.of(), names(inv));
        List<String> p = problems(inv);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.contains(web + ":2: bad ansible_port 'ssh': not a number 1-65535"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith(db + ":2: JSON syntax error")), p.toString());
        assertTrue(p.contains(app + ":1: expected variables (a mapping of name: value), got a list"), p.toString());
        assertTrue(p.contains(k1 + ":1: bad ansible_host '{{ lookup(\"env\", \"X\") }}': a Jinja template;"
                + " tcpfleet does not evaluate templates: write the value itself"), p.toString());
    }

    @Test
    void onlyTheFirstOfNameAndItsExtensionsCountsAndNamesCannotLeaveTheDirectory() throws Exception {
        Path hosts = InventoryFiles.write(dir, "inv/hosts", "[web]\nw1\n");
        InventoryFiles.write(dir, "inv/group_vars/web", "ansible_port: 2001\n");
        InventoryFiles.write(dir, "inv/group_vars/web.yml", "ansible_port: 2002\n");
        InventoryFiles.write(dir, "inv/group_vars/web.json", "{\"ansible_user\": \"json\"}\n");
        assertEquals("w1:2001", host(InventoryFiles.load(hosts), "w1").host().target());

        // A group named ".." must not read group_vars/.. (the inventory's own directory) as its vars.
        Path yml = InventoryFiles.write(dir, "inv2/hosts.yml", "'..':\n  hosts:\n    x1:\n");
        InventoryFiles.write(dir, "inv2/group_vars/all.yml", "");
        InventoryFiles.write(dir, "inv2/port.yml", "ansible_port: 9\n");
        assertEquals("x1:22", host(InventoryFiles.load(yml), "x1").host().target());
    }
}
