package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleYamlTest {

    @TempDir
    Path dir;

    @Test
    void hostsVarsNestedChildrenAndPrecedence() throws Exception {
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
                        nested: {a: b}
                      children:
                        web:
                          hosts:
                            web[1:2]:
                              ansible_user: deploy
                            canary:2200:
                              ansible_host: 10.0.0.50
                              ansible_ssh_private_key_file: ~/.ssh/canary
                              ansible_ssh_common_args: -o ProxyJump=jump.example.com
                          vars:
                            ansible_user: www
                        db:
                          hosts: db1
                          vars:
                            ansible_host: 10.0.1.1
                mainframe:
                  hosts:
                    z1:
                      tcpfleet_byte_order: big
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(), problems(inv));
        assertEquals(List.of("mail.example.com", "web1", "web2", "canary", "db1", "z1"), names(inv));
        InventoryHost web2 = host(inv, "web2");
        assertEquals(Set.of("all", "prod", "web"), web2.groups());
        assertEquals("deploy@web2:2022", web2.host().target()); // host var user, parent group port
        assertEquals(15, web2.line());
        Host canary = host(inv, "canary").host();
        assertEquals("www@10.0.0.50:2200", canary.target());     // child group (web) beats parent (prod); port from the key
        assertEquals(io.tcpfleet.model.UserHome.get() + "/.ssh/canary", canary.identityFile());
        assertEquals("jump.example.com", canary.proxyJump());
        assertEquals("nobody@mail.example.com:22", host(inv, "mail.example.com").host().target());
        assertEquals(Set.of("all", "ungrouped"), host(inv, "mail.example.com").groups());
        assertEquals("nobody@10.0.1.1:2022", host(inv, "db1").host().target()); // "hosts: db1" is one host
        assertEquals(Set.of("all", "mainframe"), host(inv, "z1").groups()); // top-level keys are groups too
        assertEquals(ByteOrder.BIG_ENDIAN, host(inv, "z1").host().byteOrder());
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
                        web[3:1]:
                    db:
                      vars:
                        ansible_port: 70000
                      hosts:
                        db1:
                        db2:
                    list_group: [a, b]
                    other:
                      hosts: [x, y]
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(
                f + ":4: unexpected key 'host' in group 'web' (expected hosts, vars or children)",
                f + ":9: vars of host 'web3' must be a mapping (key: value), e.g. 'web3: {ansible_host: ...}'",
                f + ":10: host range '[3:1]' ends before it starts",
                f + ":17: group 'list_group' must be a mapping with hosts, vars or children",
                f + ":19: 'hosts' of group 'other' must be a mapping, not a list",
                f + ":8: bad ansible_port 'nope': not a number 1-65535",
                f + ":13: bad ansible_port '70000': not a number 1-65535"), problems(inv));
        assertEquals(List.of(), names(inv)); // no host is loaded with a value ignored
    }

    @Test
    void syntaxErrorsNameTheirLine() throws Exception {
        Path f = InventoryFiles.write(dir, "broken.yml", "all:\n  hosts:\n    web1:\n   - oops: [\n");
        Inventory inv = InventoryFiles.load(f);
        assertEquals(1, inv.problems().size(), problems(inv).toString());
        InventoryProblem p = inv.problems().get(0);
        assertEquals(4, p.line(), p.toString());
        assertTrue(p.toString().startsWith(f + ":4: YAML syntax error: "), p.toString());

        Path tab = InventoryFiles.write(dir, "tab.yaml", "all:\n  hosts:\n\tweb1:\n");
        InventoryProblem t = InventoryFiles.load(tab).problems().get(0);
        assertEquals(3, t.line(), t.toString()); // where the tab is, not where the mapping began
    }

    @Test
    void yamlWithoutExtensionIsDetected() throws Exception {
        Inventory a = InventoryFiles.load(InventoryFiles.write(dir, "a", "---\nall:\n  hosts:\n    a1:\n"));
        Inventory b = InventoryFiles.load(InventoryFiles.write(dir, "b", "# hosts\nweb: {hosts: {b1: {ansible_port: 2200}}}\n"));
        Inventory empty = InventoryFiles.load(InventoryFiles.write(dir, "c.yml", "# nothing yet\n"));
        assertEquals(List.of(), problems(a));
        assertEquals(List.of("a1"), names(a));
        assertEquals(List.of(), problems(b));
        assertEquals(2200, host(b, "b1").host().port());
        assertEquals(Set.of("all", "web"), host(b, "b1").groups());
        assertEquals(List.of(), problems(empty));
        assertEquals(List.of(), names(empty));
    }

    @Test
    void aChildrenCycleIsReportedAtTheEntryClosingIt() throws Exception {
        Path f = InventoryFiles.write(dir, "cycle.yml", """
                all:
                  children:
                    a:
                      hosts:
                        h1:
                      children:
                        b:
                          hosts:
                            h2:
                          children:
                            a:
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(f + ":11: group 'b' lists 'a' as a child, but 'a' is already an ancestor of 'b'"
                + " (a children cycle; this entry is ignored)"), problems(inv));
        assertEquals(Set.of("all", "a"), host(inv, "h1").groups());
        assertEquals(Set.of("all", "a", "b"), host(inv, "h2").groups());
    }

    @Test
    void aPluginConfigurationSaysHowToFeedItsOutput() throws Exception {
        Path f = InventoryFiles.write(dir, "aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n");
        assertEquals(List.of(f + ":1: an inventory plugin's configuration (plugin: amazon.aws.aws_ec2): tcpfleet does not"
                + " run plugins; give it their output: ansible-inventory -i " + f + " --list | tcpfleet ... -i -"),
                problems(InventoryFiles.load(f)));
    }

    @Test
    void anAliasToASingleValueIsAClearError() throws Exception {
        Path f = InventoryFiles.write(dir, "alias.yml", "all:\n  vars:\n    ansible_user: &u admin\n  hosts:\n    h1:\n      ansible_user: *u\n");
        assertEquals(List.of(f + ":6: YAML syntax error: alias *u to a single value: tcpfleet resolves aliases to mappings"
                + " and lists only; write the value itself"), problems(InventoryFiles.load(f)));
    }
}
