package io.tcpfleet.collector.transport;

import io.tcpfleet.testkit.KernelRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Random;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One simulated host: an in-process Apache MINA SSHD server on its own loopback address that
 * answers the tcpfleet command according to a {@link Behavior}.
 */
final class FakeHost implements AutoCloseable {

    enum Behavior { NORMAL, HANG_MID_OUTPUT, SLOW_DRIP, DISCONNECT_MID_OUTPUT, GARBAGE, HUGE, REJECT_AUTH,
        NOT_LINUX, NO_IPV6 }

    static final String DUMP = KernelRows.sshServer(0);
    static final String DUMP6 = new KernelRows().v6Header().v6("::", 22, "::", 0, KernelRows.LISTEN, 0).text();

    final String address;
    final Behavior behavior;
    final KeyPair hostKey;
    private final SshServer server;
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger commands = new AtomicInteger();

    FakeHost(String address, Behavior behavior, PublicKey clientKey, KeyPair hostKey) throws IOException {
        this.address = address;
        this.behavior = behavior;
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost(address);
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        // Compare keys by value: the client's arrives decoded by BouncyCastle, ours is the JDK's.
        server.setPublickeyAuthenticator((user, key, session) -> behavior != Behavior.REJECT_AUTH
                && user.equals("monitor") && KeyUtils.compareKeys(key, clientKey));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    logins.incrementAndGet();
                }
            }
        });
        server.setCommandFactory((channel, command) -> new Answer(command));
        server.start();
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** The known_hosts line for this host with {@code key} (its own, or another to fake a change). */
    String knownHostsLine(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return "[" + address + "]:" + port() + " " + KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob);
    }

    /** Drops every open connection, as a restarted sshd would. */
    void dropConnections() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** The command's behavior; the command line must be exactly tcpfleet's fixed one. */
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
            thread = new Thread(this, "fake-" + address);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            thread.interrupt();
        }

        @Override
        public void run() {
            commands.incrementAndGet();
            try {
                if (!command.equals(SshTransport.COMMAND)) {
                    err.write(("unexpected command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(127);
                    return;
                }
                byte[] dump = (DUMP + DUMP6).getBytes(StandardCharsets.US_ASCII);
                switch (behavior) {
                    case NORMAL, REJECT_AUTH -> {
                        out.write(dump);
                        out.flush();
                        exit.onExit(0);
                    }
                    case HANG_MID_OUTPUT -> {
                        out.write(dump, 0, 200);
                        out.flush();
                        Thread.sleep(600_000);
                    }
                    case SLOW_DRIP -> {
                        for (byte b : dump) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(1000);
                        }
                        exit.onExit(0);
                    }
                    case DISCONNECT_MID_OUTPUT -> {
                        out.write(dump, 0, 300);
                        out.flush();
                        Thread.sleep(200);
                        server.getActiveSessions().forEach(s -> s.close(true));
                    }
                    case GARBAGE -> {
                        byte[] g = new byte[20_000];
                        new Random(1).nextBytes(g);
                        out.write(g);
                        out.flush();
                        exit.onExit(0);
                    }
                    case HUGE -> {
                        byte[] row = DUMP.substring(150, 300).getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < 2_000_000; i++) { // 300 MB at most; the client stops far earlier
                            out.write(row);
                        }
                        exit.onExit(0);
                    }
                    case NOT_LINUX -> {
                        err.write("cat: /proc/net/tcp: No such file or directory\ncat: /proc/net/tcp6: No such file or directory\n"
                                .getBytes(StandardCharsets.UTF_8));
                        err.flush();
                        exit.onExit(1);
                    }
                    case NO_IPV6 -> {
                        out.write(DUMP.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        err.write("cat: /proc/net/tcp6: No such file or directory\n".getBytes(StandardCharsets.UTF_8));
                        err.flush();
                        exit.onExit(1);
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the client went away or the server stops
            }
        }
    }

    static InetSocketAddress unused(String address) {
        return new InetSocketAddress(address, 0);
    }
}
