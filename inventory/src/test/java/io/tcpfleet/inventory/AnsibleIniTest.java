package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
            shared.example.com

            [web]   # the web tier
            web[01:03].example.com ansible_user=deploy
            web-canary ansible_host=10.0.0.50 ansible_port=2222 ansible_ssh_private_key_file=/keys/canary
            legacy.example.com:2200
            shared.example.com

            [db]
            db-[a:b] ansible_host="10.0.1.1"

            [mainframe]
            z1 ansible_ssh_host=10.9.9.9 ansible_ssh_user=zuser ansible_ssh_port=2022 tcpfleet_byte_order=big

            [web:vars]
            ansible_user=www
            ansible_ssh_common_args='-o StrictHostKeyChecking=yes -J bastion.example.com'

            [prod:children]
            web
            db # the databases

            [prod:vars]
            ansible_user = ops
            ansible_port=2022

            [all:vars]
            ansible_user=nobody
            some_unknown_var=whatever
            """;

    @Test
    void groupsVarsChildrenAndPrecedence() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "hosts", INVENTORY));
        assertEquals(List.of(), problems(inv));
        assertEquals(List.of("mail.example.com", "shared.example.com", "web01.example.com", "web02.example.com",
                "web03.example.com", "web-canary", "legacy.example.com", "db-a", "db-b", "z1"), names(inv));

        InventoryHost web02 = host(inv, "web02.example.com");
        assertEquals(Set.of("all", "web", "prod"), web02.groups());
        assertEquals(5, web02.line());
        assertEquals("deploy", web02.host().user());        // host var beats every group
        assertEquals(2022, web02.host().port());             // parent group var, nothing closer
        assertEquals("bastion.example.com", web02.host().proxyJump());

        Host canary = host(inv, "web-canary").host();
        assertEquals("10.0.0.50", canary.address());
        assertEquals(2222, canary.port());
        assertEquals("www", canary.user());                  // child group (web) beats parent (prod)
        assertEquals("/keys/canary", canary.identityFile());

        assertEquals(2200, host(inv, "legacy.example.com").host().port());
        assertEquals("ops@10.0.1.1:2022", host(inv, "db-b").host().target());
        assertEquals("nobody@mail.example.com:22", host(inv, "mail.example.com").host().target()); // all:vars
        assertEquals(Set.of("all", "ungrouped"), host(inv, "mail.example.com").groups());
        // Listed before any section and in [web]: Ansible keeps it out of "ungrouped".
        assertEquals(Set.of("all", "web", "prod"), host(inv, "shared.example.com").groups());

        Host z1 = host(inv, "z1").host();                   // the ansible_ssh_* names win over all:vars' ansible_user
        assertEquals("zuser@10.9.9.9:2022", z1.target());
        assertEquals(ByteOrder.BIG_ENDIAN, z1.byteOrder());
        assertEquals(Set.of("all", "ungrouped", "web", "db", "prod", "mainframe"), inv.groups());
    }

    @Test
    void rangesAndAddressesExpandAsAnsibleDoes() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "ranges.ini", """
                [r]
                n[8:10]
                p[08:10]
                s[0:10:5]
                t[:1]
                x[a:c]
                y[y:B:2]
                m[1:2]-[a:b]:2201
                [2001:db8::1]:2200 ansible_user=v6
                2001:db8::2
                """));
        assertEquals(List.of(), problems(inv));
        assertEquals(List.of("n8", "n9", "n10", "p08", "p09", "p10", "s0", "s5", "s10", "t0", "t1",
                "xa", "xb", "xc", "yy", "yA", "m1-a", "m1-b", "m2-a", "m2-b", "2001:db8::1", "2001:db8::2"), names(inv));
        assertEquals(2201, host(inv, "m2-b").host().port());
        assertEquals("v6@[2001:db8::1]:2200", host(inv, "2001:db8::1").host().target());
        assertEquals(22, host(inv, "2001:db8::2").host().port());
    }

    @Test
    void valuesAreSplitAndDecodedAsAnsibleDoes() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "values.ini", """
                [a]
                a1 ansible_user="first last" # a comment: not a var
                a2 ansible_port='2201' ansible_user=o'p's
                a3:2300 ansible_port=2301
                a3:2400
                a4 ansible_user=None
                [a:vars]
                ansible_user='quoted'  # a comment Python ignores
                [b]
                b1
                [b:vars]
                ansible_user=www # not a comment here
                """));
        assertEquals(List.of(
                inventoryLine(inv, 2) + ": bad ansible_user 'first last': not a user name ssh accepts",
                inventoryLine(inv, 12) + ": bad ansible_user 'www # not a comment here': not a user name ssh accepts"),
                problems(inv));
        assertEquals("ops@a2:2201", host(inv, "a2").host().target());  // o'p's: the shell joins the pieces
        assertEquals("quoted@a3:2301", host(inv, "a3").host().target()); // inline var beats :port; a later :port is ignored
        assertNull(host(inv, "a4").host().user(), "None is no value: falls back to none at all, not to the group's");
    }

    private static String inventoryLine(Inventory inv, int line) {
        return inv.problems().get(0).file() + ":" + line;
    }

    @Test
    void proxyJumpComesFromSshArgs() throws Exception {
        Inventory inv = InventoryFiles.load(InventoryFiles.write(dir, "jump.ini", """
                [a]
                a1 ansible_ssh_common_args="-o ProxyJump=ops@bastion:2222 -o ForwardAgent=yes"
                a2 ansible_ssh_common_args='-J j1' ansible_ssh_extra_args='-J j2,j3'
                a3 ansible_ssh_common_args='-o StrictHostKeyChecking=no -C'
                a4 ansible_ssh_extra_args='-oProxyJump=none'
                """));
        assertEquals(List.of(), problems(inv));
        assertEquals("ops@bastion:2222", host(inv, "a1").host().proxyJump());
        assertEquals("j2,j3", host(inv, "a2").host().proxyJump()); // extra args come later on ssh's command line
        assertNull(host(inv, "a3").host().proxyJump());
        assertNull(host(inv, "a4").host().proxyJump());
    }

    @Test
    void everyErrorNamesItsLine() throws Exception {
        Path f = InventoryFiles.write(dir, "broken.ini", """
                [web]
                web1 ansible_port=http
                web2 stray-token
                web[05:01]
                web[1:3:0]
                web[01:100]
                web3:99999

                [web:weird]
                x

                [web:vars]
                no_equals_here
                tcpfleet_byte_order=middle
                [ok]
                fine ansible_host="unclosed
                [db:vars]
                ansible_port=0
                [db]
                db1
                db2
                [bad group]
                [unclosed
                [late:vars]
                x=1
                [p:children]
                never_declared
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(
                f + ":3: expected key=value after host 'web2', got 'stray-token'",
                f + ":4: host range '[05:01]' ends before it starts",
                f + ":5: bad step '0' in host range '[1:3:0]'",
                f + ":6: host range '[01:100]': a zero-padded begin and its end must have the same width",
                f + ":7: bad port '99999' in 'web3:99999': not a number 1-65535",
                f + ":9: unknown section type ':weird' (expected [group], [group:vars] or [group:children])",
                f + ":13: expected key=value in [web:vars], got 'no_equals_here'",
                f + ":16: cannot split host line: no closing quotation (\")",
                f + ":22: bad section header '[bad group]' (no blanks or ':' in a group name; [group], [group:vars] or [group:children])",
                f + ":23: section header '[unclosed' has no closing ']'",
                f + ":24: section [late:vars] is for a group that is never declared ([late] or [late:children])",
                f + ":27: section [p:children] includes group 'never_declared', which is never declared"
                        + " ([never_declared] or [never_declared:children])",
                f + ":2: bad ansible_port 'http': not a number 1-65535",
                f + ":14: bad tcpfleet_byte_order 'middle': use big or little",
                f + ":18: bad ansible_port '0': not a number 1-65535"), problems(inv));
        assertEquals(List.of(), names(inv)); // every host here has a bad value
    }

    @Test
    void aChildrenCycleIsReportedAtTheEntryClosingItAndIgnored() throws Exception {
        Path f = InventoryFiles.write(dir, "cycle.ini", """
                [a]
                h1
                [a:children]
                b
                [b:children]
                c
                [c:children]
                a
                [c]
                h3
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(f + ":8: group 'c' lists 'a' as a child, but 'a' is already an ancestor of 'c'"
                + " (a children cycle; this entry is ignored)"), problems(inv));
        assertEquals(Set.of("all", "a"), host(inv, "h1").groups());
        assertEquals(Set.of("all", "a", "b", "c"), host(inv, "h3").groups());
    }
}
