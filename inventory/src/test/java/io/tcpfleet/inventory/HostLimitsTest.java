package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpfleet.model.Host;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What no inventory can make tcpfleet do: run out of memory, or store or print what does not fit. */
class HostLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aHugeRangeIsAnErrorBeforeItIsExpanded() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts", """
                [web]
                ok[1:3]
                h[0:99999][0:99999]
                """);
        Inventory inv = InventoryFiles.load(f); // before: OutOfMemoryError
        assertEquals(List.of(f + ":3: 'h[0:99999][0:99999]' makes 10000000000 hosts: an inventory may define at most 100000 hosts (3 so far)"),
                problems(inv));
        assertEquals(List.of("ok1", "ok2", "ok3"), names(inv));
    }

    @Test
    void theCapCountsEveryHostOfEverySource() throws Exception {
        Path ini = InventoryFiles.write(dir, "a.ini", "[web]\nw[000:399]\n");
        Path yml = InventoryFiles.write(dir, "b.yml", "db:\n  hosts:\n    d[000:399]:\n    e[000:199]:\n    f[0:1]:\n");
        Path list = InventoryFiles.write(dir, "c.txt", "10.0.0.1\n");
        Inventory inv = new InventoryLoader(SshConfig.empty(), InputStream.nullInputStream(), 1000)
                .load(List.of(ini, yml, list), List.of("10.0.0.2"));
        assertEquals(List.of(yml + ":5: 'f[0:1]' makes 2 hosts: an inventory may define at most 1000 hosts (1000 so far)",
                list + ":1: one host too many: an inventory may define at most 1000 hosts (1000 so far)",
                "command line: one host too many: an inventory may define at most 1000 hosts (1000 so far)"), problems(inv));
        assertEquals(1000, inv.hosts().size());
    }

    @Test
    void valuesWiderThanTheirColumnsAreErrorsAtTheirLine() throws Exception {
        String wide = "a".repeat(Host.MAX_NAME_LENGTH + 1);
        String fits = "b".repeat(Host.MAX_NAME_LENGTH);
        Path f = InventoryFiles.write(dir, "hosts", "[web]\n" + wide + "\n" + fits + "\n"
                + "w3 ansible_user=" + "u".repeat(Host.MAX_USER_LENGTH + 1) + "\n"
                + "w4 ansible_host=" + "h".repeat(Host.MAX_ADDRESS_LENGTH + 1) + "\n");
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(f + ":2: host name longer than 255 characters",
                f + ":4: bad ansible_user '" + "u".repeat(80) + "...': longer than 255 characters",
                f + ":5: bad ansible_host '" + "h".repeat(80) + "...': longer than 255 characters"), problems(inv));
        assertEquals(List.of(fits), names(inv));
        // An unnamed target's identity is user@address:port: it must fit as a name too.
        Inventory cli = new InventoryLoader(SshConfig.empty()).load(List.of(), List.of("u@" + "h".repeat(251) + ":22"));
        assertEquals(List.of("command line: host name longer than 255 characters"), problems(cli));
    }

    @Test
    void aNameTheZabbixCheckWouldRefuseIsAnError() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts.yml", """
                all:
                  hosts:
                    "web 1":
                    "web;touch x":
                    "\\e7red":
                    "evil\\u202Etxt.exe":
                    "-rf":
                    ok-1.example.com:
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(
                f + ":3: host name 'web 1' has characters other than letters, digits and . _ : @ [ ] -",
                f + ":4: host name 'web;touch x' has characters other than letters, digits and . _ : @ [ ] -",
                f + ":5: host name '\\x1b7red' has characters other than letters, digits and . _ : @ [ ] -",
                f + ":6: host name 'evil\\u202etxt.exe' has characters other than letters, digits and . _ : @ [ ] -",
                f + ":7: host name '-rf' starts with '-'"), problems(inv));
        assertEquals(List.of("ok-1.example.com"), names(inv));
    }

    @Test
    void connectionValuesTcpfleetCannotUseAreErrors() throws Exception {
        Path f = InventoryFiles.write(dir, "hosts", """
                [a]
                a1 ansible_connection=docker
                a2 ansible_user='$ANSIBLE_VAULT;1.1;AES256'
                a3 ansible_host='10.0.0.1; rm -rf /'
                a4 ansible_user=-oProxyCommand=x
                a5 ansible_connection=local
                """);
        Inventory inv = InventoryFiles.load(f);
        assertEquals(List.of(
                f + ":2: bad ansible_connection 'docker': tcpfleet polls over ssh, or this machine itself with 'local'",
                f + ":3: bad ansible_user '$ANSIBLE_VAULT;1.1;AES256': encrypted with ansible-vault, and tcpfleet never decrypts",
                f + ":4: bad ansible_host '10.0.0.1; rm -rf /': not a host name or address",
                f + ":5: bad ansible_user '-oProxyCommand=x': not a user name ssh accepts"), problems(inv));
        Host local = host(inv, "a5").host();
        assertEquals(true, local.isLocal());
        assertEquals(Host.LOCAL_ADDRESS, local.address());
        assertEquals("this machine, read through /proc: " + f + ":6 (ansible_connection)",
                host(inv, "a5").origins().get("address"));
    }
}
