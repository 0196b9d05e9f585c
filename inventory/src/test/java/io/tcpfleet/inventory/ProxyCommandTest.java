package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpfleet cannot run a ProxyCommand, and connecting directly instead would poll (or fail at) the
 * wrong network path: a host with one is an inventory problem naming it, never a direct connection.
 */
class ProxyCommandTest {

    @TempDir
    Path dir;

    @Test
    void aProxyCommandFromSshConfigRefusesThatHostOnly() throws Exception {
        SshConfig config = SshConfig.load(InventoryFiles.write(dir, "config", """
                Host behind*
                    ProxyCommand ssh -W %h:%p bastion
                Host jumped
                    ProxyJump ops@bastion
                    ProxyCommand ssh -W %h:%p other
                Host *
                    ProxyCommand none
                """));
        Path hosts = InventoryFiles.write(dir, "hosts", "behind1\njumped\nplain\n");
        Inventory inv = new InventoryLoader(config).load(List.of(hosts), List.of("behind2"));
        // A host list names no host: each is its user@address:port.
        assertEquals(List.of("jumped:22", "plain:22"), inv.hosts().stream().map(h -> h.host().name()).toList());
        assertEquals("ops@bastion", InventoryFiles.host(inv, "jumped:22").host().proxyJump(), "ProxyJump came first: it wins");
        assertEquals(2, inv.problems().size(), inv.problems().toString());
        assertTrue(inv.problems().get(0).toString().startsWith(hosts + ":1: behind1:22: ssh_config gives it ProxyCommand"),
                inv.problems().toString());
        assertTrue(inv.problems().get(1).toString().contains("behind2") && inv.problems().get(1).toString().contains("ProxyJump"),
                inv.problems().toString());
    }

    @Test
    void aProxyCommandInAnsibleSshArgsRefusesThatHost() throws Exception {
        Path ini = InventoryFiles.write(dir, "hosts.ini", """
                [web]
                web1 ansible_ssh_common_args='-o ProxyCommand="ssh -W %h:%p -q bastion"'
                web2 ansible_ssh_extra_args='-o proxycommand=none'
                web3 ansible_ssh_common_args='-J ops@bastion'
                """);
        Inventory inv = InventoryFiles.load(ini);
        assertEquals(List.of("web2", "web3"), inv.hosts().stream().map(h -> h.host().name()).toList());
        assertEquals(1, inv.problems().size(), inv.problems().toString());
        assertTrue(inv.problems().get(0).toString().startsWith(ini + ":2: bad ansible_ssh_common_args '-o ProxyCommand="
                + "\"ssh -W %h:%p -q bastion\"': a ProxyCommand is not supported"), inv.problems().toString());
    }
}
