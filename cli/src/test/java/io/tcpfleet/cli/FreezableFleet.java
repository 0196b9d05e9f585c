package io.tcpfleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * Simulated Linux hosts for the daemon's health tests: one Apache MINA SSHD server in process,
 * bound to several loopback addresses (one host each, same port), that answers tcpfleet's command
 * with a fixed socket table, or, while {@link #freeze() frozen}, hangs every command as a stuck
 * fleet would. (A minimal copy of collector's FakeHost, which tests of other modules cannot use;
 * testkit's FakeSshHost replaces it once that lands.)
 */
final class FreezableFleet implements AutoCloseable {

    static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";

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

    final List<String> addresses;
    private final SshServer server;
    private final KeyPair hostKey = newKeyPair();
    private final KeyPair clientKey = newKeyPair();
    private final Object gate = new Object();
    private volatile boolean frozen;
    private volatile boolean closed;

    FreezableFleet(List<String> addresses) throws IOException {
        this.addresses = List.copyOf(addresses);
        server = SshServer.setUpDefaultServer();
        server.setHost(String.join(",", addresses));
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> "monitor".equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory((channel, command) -> new Answer(command));
        server.start();
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Every command from now on hangs until {@link #thaw()}. */
    void freeze() {
        frozen = true;
    }

    void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /** known_hosts with every host's key, as {@code [address]:port type base64}. */
    Path writeKnownHosts(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String a : addresses) {
            b.append('[').append(a).append("]:").append(port()).append(' ')
                    .append(PublicKeyEntry.toString(hostKey.getPublic())).append('\n');
        }
        return Files.writeString(file, b.toString());
    }

    /** The client's private key in OpenSSH's format, mode 0600. */
    Path writeClientKey(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "tcpfleet-test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** An Ansible inventory naming the hosts web1..webN, user monitor. */
    Path writeInventory(Path file) throws IOException {
        StringBuilder b = new StringBuilder("[web]\n");
        for (int i = 0; i < addresses.size(); i++) {
            b.append("web").append(i + 1).append(" ansible_host=").append(addresses.get(i))
                    .append(" ansible_port=").append(port()).append('\n');
        }
        b.append("\n[all:vars]\nansible_user=monitor\n");
        return Files.writeString(file, b.toString());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thaw();
        server.stop(true);
    }

    private final class Answer implements Command, Runnable {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        Answer(String command) {
            this.command = command;
        }

        @Override public void setInputStream(InputStream in) { }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(this, "frozen-fleet-command");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            thread.interrupt();
        }

        @Override
        public void run() {
            try {
                if (!COMMAND.equals(command)) {
                    err.write(("unexpected command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(127);
                    return;
                }
                synchronized (gate) {
                    long until = System.nanoTime() + 120_000_000_000L; // bounded even if nobody thaws
                    while (frozen && !closed && System.nanoTime() < until) {
                        gate.wait(1000);
                    }
                }
                out.write(DUMP.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                exit.onExit(0);
            } catch (InterruptedException | IOException e) {
                // the client gave up (its deadline) or the server stops
            }
        }
    }
}
