package io.tcpfleet.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * Simulated Linux hosts for tests and benchmarks: one in-process Apache MINA SSHD server bound to
 * one or more loopback addresses, answering exactly {@value #COMMAND} with a socket table, and
 * playing the collector's remote shell loop ({@link #SHELL_COMMAND}: one table per request), or
 * misbehaving the way a {@link Behavior} says (hang, drip, disconnect, garbage, a forced command,
 * ...). The behavior can change while the server runs, so a test can break a host between two
 * polls; {@link #endShells()} ends the running loops as a shell's TMOUT would.
 */
public final class FakeSshHost implements AutoCloseable {

    /** The one command a tcpfleet collector runs per poll; anything else exits 127. */
    public static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";
    /**
     * The remote shell loop a collector runs once per kept connection (a copy of the collector's
     * constant, which a collector test holds equal to this one): it answers one table per line read.
     */
    public static final String SHELL_COMMAND = "exec /bin/sh -c 'exec 3>&1; while read -r n; do printf \"%s begin\\n\" \"$n\";"
            + " e=$(cat /proc/net/tcp /proc/net/tcp6 2>&1 >&3 </dev/null); s=$?;"
            + " printf \"\\n%s end %s\\n%s\\n%s done\\n\" \"$n\" \"$s\" \"$e\" \"$n\"; done'";

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
        NO_IPV6,
        /** 300 bytes, then the command (or shell loop) is killed; the connection stays; the next answer is NORMAL. */
        KILLED_MID_OUTPUT,
        /** The login's key forces {@code command="cat /proc/net/tcp /proc/net/tcp6"}: any command gets the table. */
        FORCED_COMMAND
    }

    private final SshServer server;
    private final List<String> addresses;
    private final KeyPair hostKey;
    private final byte[] dump;
    private final ExecutorService commandThreads;
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger shells = new AtomicInteger();
    private final AtomicInteger answers = new AtomicInteger();
    private final Set<FakeCommand> runningShells = ConcurrentHashMap.newKeySet();
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
        server.setCommandFactory((channel, command) -> new FakeCommand(this, command));
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

    /** Command channels started so far (an exec, or a shell loop). */
    public int commands() {
        return commands.get();
    }

    /** Shell loops started so far. */
    public int shells() {
        return shells.get();
    }

    /** Socket tables served so far (by an exec or by a shell loop). */
    public int answers() {
        return answers.get();
    }

    /** Ends every running shell loop, as a shell's TMOUT or a kill would; connections stay up. */
    public void endShells() {
        for (FakeCommand c : List.copyOf(runningShells)) {
            c.end(0);
            runningShells.remove(c);
        }
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

    // For FakeCommand, which plays the commands.

    void run(Runnable command) {
        commandThreads.submit(command);
    }

    Behavior behavior() {
        return behavior;
    }

    byte[] dump() {
        return dump;
    }

    void commandStarted() {
        commands.incrementAndGet();
    }

    void answered() {
        answers.incrementAndGet();
    }

    void shellStarted(FakeCommand c) {
        shells.incrementAndGet();
        runningShells.add(c);
    }

    void shellEnded(FakeCommand c) {
        runningShells.remove(c);
    }

    /** The host goes away: it stops listening and drops every connection. */
    void vanish() throws IOException {
        server.stop(true);
    }
}
