package io.tcpfleet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * Simulated Linux hosts for tests and benchmarks: one in-process Apache MINA SSHD server bound to
 * one or more loopback addresses, answering exactly {@value #COMMAND} with a socket table, or
 * misbehaving the way a {@link Behavior} says (hang, drip, disconnect, garbage, ...). The behavior
 * can change while the server runs, so a test can break a host between two polls.
 */
public final class FakeSshHost implements AutoCloseable {

    /** The one command a tcpfleet collector runs; anything else exits 127. */
    public static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";

    /** Three IPv4 rows: a listener on 22, one ESTABLISHED, one TIME_WAIT (rows padded as the kernel pads them). */
    public static final String DUMP = KernelRows.sshServer(0);
    /** One IPv6 listener. */
    public static final String DUMP6 = new KernelRows().v6Header().v6("::", 22, "::", 0, KernelRows.LISTEN, 0).text();

    /** How the host answers the command. */
    public enum Behavior {
        /** The socket table, exit 0. */
        NORMAL,
        /** 200 bytes, then nothing for ten minutes. */
        HANG_MID_OUTPUT,
        /** One byte a second. */
        SLOW_DRIP,
        /** 300 bytes, then every connection is dropped; the host keeps serving. */
        DISCONNECT_MID_OUTPUT,
        /** 300 bytes, then every connection is dropped, and the next command is NORMAL: a restarted sshd. */
        RESTART_MID_OUTPUT,
        /** 300 bytes, then the server stops listening and drops every connection: the host is gone. */
        VANISH_MID_OUTPUT,
        /** 20,000 random bytes, exit 0. */
        GARBAGE,
        /** About 300 MB of rows. */
        HUGE,
        /** Logins are refused. */
        REJECT_AUTH,
        /** No /proc: cat fails with exit 1. */
        NOT_LINUX,
        /** No /proc/net/tcp6: the IPv4 table, an error for tcp6, exit 1. */
        NO_IPV6
    }

    private final SshServer server;
    private final List<String> addresses;
    private final KeyPair hostKey;
    private final byte[] dump;
    private final ExecutorService commandThreads;
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private volatile Behavior behavior;

    private FakeSshHost(Builder b) throws IOException {
        this.addresses = List.copyOf(b.addresses);
        this.hostKey = b.hostKey != null ? b.hostKey : TestKeys.ecdsa();
        this.dump = b.dump;
        this.behavior = b.behavior;
        AtomicInteger n = new AtomicInteger();
        this.commandThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ssh-" + addresses.get(0) + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = SshServer.setUpDefaultServer();
        server.setHost(String.join(",", addresses));
        server.setPort(b.port);
        List<KeyPair> keys = new ArrayList<>(List.of(hostKey));
        keys.addAll(b.moreHostKeys);
        server.setKeyPairProvider(KeyPairProvider.wrap(keys.toArray(KeyPair[]::new)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        PublicKey client = b.clientKey;
        String user = b.user;
        // Compare keys by value: the client's arrives decoded by another provider than ours.
        server.setPublickeyAuthenticator((u, key, session) -> behavior != Behavior.REJECT_AUTH
                && (user == null || user.equals(u)) && client != null && KeyUtils.compareKeys(key, client));
        if (b.forwarding) {
            server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE); // a jump host
        }
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    logins.incrementAndGet();
                }
            }
        });
        server.setCommandFactory((channel, command) -> new Answer(command));
        b.customizers.forEach(c -> c.accept(server));
        server.start();
    }

    /** A host on {@code addresses} (loopback, e.g. 127.0.0.2), port chosen by the system unless set. */
    public static Builder on(String... addresses) {
        return new Builder(List.of(addresses));
    }

    public static Builder on(List<String> addresses) {
        return new Builder(addresses);
    }

    /** Sets up a fake host. */
    public static final class Builder {
        private final List<String> addresses;
        private int port;
        private KeyPair hostKey;
        private final List<KeyPair> moreHostKeys = new ArrayList<>();
        private PublicKey clientKey;
        private String user = "monitor";
        private Behavior behavior = Behavior.NORMAL;
        private byte[] dump = (DUMP + DUMP6).getBytes(StandardCharsets.US_ASCII);
        private boolean forwarding;
        private final List<Consumer<SshServer>> customizers = new ArrayList<>();

        private Builder(List<String> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("no address");
            }
            this.addresses = addresses;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** The host key (default: a new ECDSA P-256 key). */
        public Builder hostKey(KeyPair key) {
            this.hostKey = key;
            return this;
        }

        /** Another host key, of another type: the client's offer decides which one the host presents. */
        public Builder alsoHostKey(KeyPair key) {
            moreHostKeys.add(key);
            return this;
        }

        /** The one key that may log in, as {@code user} ("monitor" by default; null: any user). */
        public Builder authorize(String loginUser, PublicKey key) {
            this.user = loginUser;
            this.clientKey = key;
            return this;
        }

        public Builder authorize(PublicKey key) {
            return authorize(user, key);
        }

        public Builder behavior(Behavior b) {
            this.behavior = Objects.requireNonNull(b);
            return this;
        }

        /** What a NORMAL answer prints (default {@link #DUMP} + {@link #DUMP6}). */
        public Builder dump(byte[] bytes) {
            this.dump = bytes.clone();
            return this;
        }

        /** Lets clients open direct-tcpip channels through this host: a jump host. */
        public Builder jumpHost() {
            this.forwarding = true;
            return this;
        }

        /** Anything else about the server, e.g. which algorithms it offers; applied before start. */
        public Builder configure(Consumer<SshServer> customizer) {
            customizers.add(customizer);
            return this;
        }

        public FakeSshHost start() throws IOException {
            return new FakeSshHost(this);
        }
    }

    public String address() {
        return addresses.get(0);
    }

    public List<String> addresses() {
        return addresses;
    }

    public int port() {
        return server.getPort();
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** Logins accepted so far. */
    public int logins() {
        return logins.get();
    }

    /** Commands started so far. */
    public int commands() {
        return commands.get();
    }

    /** Changes how the next commands are answered. */
    public void behave(Behavior b) {
        behavior = Objects.requireNonNull(b);
    }

    /** The known_hosts line for this host (first address) with its own key. */
    public String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    /** The known_hosts line for this host (first address) with {@code key}: another one fakes a change. */
    public String knownHostsLine(PublicKey key) {
        return knownHostsLine(address(), key);
    }

    public String knownHostsLine(String address, PublicKey key) {
        String name = port() == 22 ? address : "[" + address + "]:" + port();
        return name + " " + PublicKeyEntry.toString(key);
    }

    /** Drops every open connection, as a restarted sshd would; the host keeps listening. */
    public void dropConnections() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    /** Starts a new key exchange on every open connection, as sshd does after RekeyLimit. */
    public void rekey() throws IOException {
        for (Session s : server.getActiveSessions()) {
            s.reExchangeKeys();
        }
    }

    /** Connections open right now. */
    public int openConnections() {
        return server.getActiveSessions().size();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        commandThreads.shutdownNow();
    }

    /** The command's answer; the command line must be exactly tcpfleet's fixed one. */
    private final class Answer implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Answer(String command) {
            this.command = command;
        }

        @Override public void setInputStream(InputStream in) { }
        @Override public void setOutputStream(OutputStream o) { this.out = o; }
        @Override public void setErrorStream(OutputStream e) { this.err = e; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }
        @Override public void destroy(ChannelSession channel) { }

        @Override
        public void start(ChannelSession channel, Environment env) {
            commandThreads.submit(this::answer);
        }

        private void answer() {
            commands.incrementAndGet();
            try {
                if (!command.equals(COMMAND)) {
                    err.write(("unexpected command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(127);
                    return;
                }
                play(behavior);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | UncheckedIOException e) {
                // the client went away or the server stops
            }
        }

        private void play(Behavior b) throws IOException, InterruptedException {
            switch (b) {
                case NORMAL, REJECT_AUTH -> {
                    out.write(dump);
                    out.flush();
                    exit.onExit(0);
                }
                case HANG_MID_OUTPUT -> {
                    out.write(dump, 0, Math.min(200, dump.length));
                    out.flush();
                    Thread.sleep(600_000);
                }
                case SLOW_DRIP -> {
                    for (byte c : dump) {
                        out.write(c);
                        out.flush();
                        Thread.sleep(1000);
                    }
                    exit.onExit(0);
                }
                case DISCONNECT_MID_OUTPUT, RESTART_MID_OUTPUT, VANISH_MID_OUTPUT -> {
                    out.write(dump, 0, Math.min(300, dump.length));
                    out.flush();
                    Thread.sleep(200);
                    if (b == Behavior.RESTART_MID_OUTPUT) {
                        behavior = Behavior.NORMAL;
                    }
                    if (b == Behavior.VANISH_MID_OUTPUT) {
                        server.stop(true);
                    } else {
                        dropConnections();
                    }
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
        }
    }
}
