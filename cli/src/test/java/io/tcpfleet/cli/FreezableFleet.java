package io.tcpfleet.cli;

import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * Simulated Linux hosts for the daemon's tests: testkit's {@link FakeSshHost} on several loopback
 * addresses (one host each, same port) answering with a table that has CLOSE_WAIT sockets, and
 * that all hang at once while {@link #freeze() frozen}, as a stuck fleet does. Writes the
 * inventory, known_hosts and client key a {@code collect} needs to poll them.
 */
final class FreezableFleet implements AutoCloseable {

    private static String row(String r) {
        return String.format("%-149s\n", r);
    }

    /** A listener on 8080, two ESTABLISHED, four CLOSE_WAIT on 8080 (the peers closed), one TIME_WAIT. */
    static final String DUMP = row("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")
            + row("   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1573 1 0000000000000000 100 0 0 10 0")
            + row("   1: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 1574 1 0000000000000000 20 4 30 10 -1")
            + row("   2: 0100007F:1F90 0100007F:A001 01 00000000:00000000 00:00000000 00000000     0        0 1575 1 0000000000000000 20 4 30 10 -1")
            + row("   3: 0100007F:1F90 0100007F:A002 08 00000000:00000000 00:00000000 00000000     0        0 1576 1 0000000000000000 20 4 30 10 -1")
            + row("   4: 0100007F:1F90 0100007F:A003 08 00000000:00000000 00:00000000 00000000     0        0 1577 1 0000000000000000 20 4 30 10 -1")
            + row("   5: 0100007F:1F90 0100007F:A004 08 00000000:00000000 00:00000000 00000000     0        0 1578 1 0000000000000000 20 4 30 10 -1")
            + row("   6: 0100007F:1F90 0100007F:A005 08 00000000:00000000 00:00000000 00000000     0        0 1579 1 0000000000000000 20 4 30 10 -1")
            + row("   7: 0100007F:A006 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000");
    static final int CLOSE_WAIT = 4;

    private final KeyPair clientKey = TestKeys.ecdsa();
    private final FakeSshHost hosts;

    FreezableFleet(List<String> addresses) throws IOException {
        hosts = FakeSshHost.on(addresses).authorize("monitor", clientKey.getPublic())
                .dump(DUMP.getBytes(StandardCharsets.US_ASCII)).start();
    }

    /** Every command from now on hangs (part of the table, then nothing) until {@link #thaw()}. */
    void freeze() {
        hosts.behave(FakeSshHost.Behavior.HANG_MID_OUTPUT);
    }

    void thaw() {
        hosts.behave(FakeSshHost.Behavior.NORMAL);
    }

    /** known_hosts with every host's key. */
    Path writeKnownHosts(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String a : hosts.addresses()) {
            b.append(hosts.knownHostsLine(a, hosts.hostKey().getPublic())).append('\n');
        }
        return Files.writeString(file, b.toString());
    }

    /** The client's private key in OpenSSH's format. */
    Path writeClientKey(Path file) throws IOException {
        return TestKeys.writeOpenSsh(clientKey, file);
    }

    /** An Ansible inventory naming the hosts web1..webN, user monitor. */
    Path writeInventory(Path file) throws IOException {
        StringBuilder b = new StringBuilder("[web]\n");
        for (int i = 0; i < hosts.addresses().size(); i++) {
            b.append("web").append(i + 1).append(" ansible_host=").append(hosts.addresses().get(i))
                    .append(" ansible_port=").append(hosts.port()).append('\n');
        }
        b.append("\n[all:vars]\nansible_user=monitor\n");
        return Files.writeString(file, b.toString());
    }

    @Override
    public void close() throws IOException {
        hosts.close();
    }
}
