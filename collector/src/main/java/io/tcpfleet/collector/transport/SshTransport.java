package io.tcpfleet.collector.transport;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Runs exactly {@value #COMMAND} on a host over SSH (sshj) and streams its output into the
 * reader. {@link ConnectionMode#FRESH} logs in for every poll; {@link ConnectionMode#PERSISTENT}
 * keeps one login per host and opens a new exec channel per poll, logging in again only when the
 * kept connection is gone. Nothing from the inventory reaches a remote shell: the command is a
 * constant.
 *
 * <p>sshj has no read timeout once a command runs, so a watchdog closes the connection at the
 * host's deadline: a host that hangs anywhere costs at most its deadline. Every failure becomes a
 * {@link PollFailure} with its class.
 */
public final class SshTransport implements Transport {

    /** The only command tcpfleet ever runs. */
    public static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";
    private static final int STDERR_LIMIT = 16 * 1024;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SshTransport.class);

    private final SshSettings settings;
    private final DefaultConfig config = new DefaultConfig(); // expensive to build: one per transport
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tcpfleet-ssh-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** How logins relate to polls. */
    public enum ConnectionMode {
        /** One login per host, kept between polls; each poll is a new exec channel on it. */
        PERSISTENT,
        /** A new login for every poll, closed right after it. */
        FRESH
    }

    /** A logged-in connection: the target client and, with a jump host, the client it runs through. */
    private record Connection(SSHClient target, List<SSHClient> clients) {
        boolean usable() {
            return target.isConnected() && target.isAuthenticated();
        }
    }

    private final ConnectionMode mode;
    private final KnownHostsFile knownHosts; // parsed once, shared by every connection
    /** Idle persistent connections by host; a poll takes its host's out, so none is shared. */
    private final ConcurrentHashMap<String, Connection> idle = new ConcurrentHashMap<>();
    /** Hosts allowed a kept connection (idle or in use): at most maxKept, first come. */
    private final java.util.Set<String> keepers = ConcurrentHashMap.newKeySet();
    private final int maxKept;
    private volatile boolean closed;

    public SshTransport(SshSettings settings) {
        this(settings, ConnectionMode.FRESH);
    }

    public SshTransport(SshSettings settings, ConnectionMode mode) {
        this(settings, mode, Integer.MAX_VALUE);
    }

    /**
     * @param maxKept at most this many connections are kept in persistent mode (each holds about
     *                0.35 MB of heap and a reader thread); hosts beyond it log in for every poll
     */
    public SshTransport(SshSettings settings, ConnectionMode mode, int maxKept) {
        if (maxKept < 0) {
            throw new IllegalArgumentException("maxKept < 0");
        }
        this.settings = settings;
        this.mode = mode;
        this.maxKept = maxKept;
        this.knownHosts = new KnownHostsFile(settings.knownHosts(), settings.acceptNew());
    }

    public ConnectionMode mode() {
        return mode;
    }

    @Override
    public String read(Host host, OutputReader reader) throws PollFailure, IOException {
        List<SSHClient> clients = new ArrayList<>(2);
        AtomicBoolean timedOut = new AtomicBoolean();
        long deadlineMs = settings.deadline().toMillis();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            synchronized (clients) {
                clients.forEach(SshTransport::closeQuietly);
            }
        }, deadlineMs, TimeUnit.MILLISECONDS);
        KnownHostsVerifier[] verifier = new KnownHostsVerifier[1];
        String stage = "connect";
        long[] bytes = {0};
        boolean keep = false;
        String key = cacheKey(host);
        try {
            Connection conn = mode == ConnectionMode.PERSISTENT ? idle.remove(key) : null;
            if (conn != null && conn.usable() && adopt(conn, clients, timedOut)) {
                stage = "run the command";
                try {
                    String note = exec(conn.target(), host, reader, bytes);
                    keep = true;
                    return note;
                } catch (ConnectionException | TransportException e) {
                    if (bytes[0] > 0 || timedOut.get()) {
                        throw e;
                    }
                    // The server dropped the idle connection (restart, idle timeout): log in again.
                    LOG.debug("kept connection to {} is gone ({}), reconnecting", host.target(), e.toString());
                    synchronized (clients) {
                        clients.forEach(SshTransport::closeQuietly);
                        clients.clear();
                    }
                }
            } else if (conn != null) {
                conn.clients().forEach(SshTransport::closeQuietly);
            }
            stage = "connect";
            SSHClient client = connect(host, clients, verifier, timedOut);
            stage = "authenticate";
            authenticate(client, user(host), host);
            stage = "run the command";
            String note = exec(client, host, reader, bytes);
            keep = true;
            return note;
        } catch (PollFailure e) {
            keep = false;
            throw e;
        } catch (CappedInputStream.LimitExceeded e) {
            keep = false;
            throw new PollFailure(PollStatus.OUTPUT_TOO_LARGE, e.getMessage() + " (raise --max-output)", bytes[0], e);
        } catch (ProcNetTcpParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            keep = false;
            if (timedOut.get()) {
                throw new PollFailure(PollStatus.TIMEOUT, "no answer within " + settings.deadline().toSeconds()
                        + " s while trying to " + stage, bytes[0], e);
            }
            throw classify(host, e, stage, verifier[0], bytes[0]);
        } finally {
            alarm.cancel(false);
            synchronized (clients) {
                Connection done = clients.isEmpty() ? null
                        : new Connection(clients.get(clients.size() - 1), List.copyOf(clients));
                if (keep && !timedOut.get() && !closed && mode == ConnectionMode.PERSISTENT && done != null
                        && done.usable() && mayKeep(key)) {
                    Connection previous = idle.put(key, done);
                    if (previous != null) { // two polls of one host overlapped: keep one login
                        previous.clients().forEach(SshTransport::closeQuietly);
                    }
                } else {
                    keepers.remove(key);
                    clients.forEach(SshTransport::closeQuietly);
                }
            }
        }
    }

    /** Whether this host may keep its connection: it already does, or there is room under maxKept. */
    private boolean mayKeep(String key) {
        if (keepers.contains(key)) {
            return true;
        }
        synchronized (keepers) {
            return keepers.size() < maxKept && keepers.add(key);
        }
    }

    /** Puts a kept connection under this poll's watchdog; false if the deadline already passed. */
    private static boolean adopt(Connection conn, List<SSHClient> clients, AtomicBoolean timedOut) {
        synchronized (clients) {
            clients.addAll(conn.clients());
            if (timedOut.get()) {
                return false;
            }
        }
        return true;
    }

    /** Runs the command on a logged-in client and streams its output into the reader. */
    private String exec(SSHClient client, Host host, OutputReader reader, long[] bytes)
            throws IOException, PollFailure {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(COMMAND);
            CappedInputStream out = new CappedInputStream(cmd.getInputStream(), settings.maxOutputBytes());
            ProcNetTcpParseException unparsable = null;
            try {
                reader.read(out);
            } catch (ProcNetTcpParseException e) {
                unparsable = e;
                drain(out);
            } finally {
                bytes[0] = out.count();
            }
            String stderr = readLimited(cmd.getErrorStream());
            cmd.join(Math.max(1, settings.deadline().toMillis()), TimeUnit.MILLISECONDS);
            Integer exit = cmd.getExitStatus();
            return outcome(host, unparsable, exit, cmd.getExitSignal() == null ? null : cmd.getExitSignal().name(),
                    stderr, bytes[0]);
        }
    }

    private String cacheKey(Host host) {
        return host.target() + " via " + (host.proxyJump() != null ? host.proxyJump() : settings.jump())
                + " as " + user(host);
    }

    private SSHClient connect(Host host, List<SSHClient> clients, KnownHostsVerifier[] verifier,
                              AtomicBoolean timedOut) throws IOException, PollFailure {
        String jump = host.proxyJump() != null ? host.proxyJump() : settings.jump();
        if (jump != null && !jump.isBlank() && !jump.equalsIgnoreCase("none")) {
            Endpoint via = Endpoint.parse(jump.split(",")[0].trim(), settings.defaultUser());
            SSHClient jumpClient = newClient(clients, timedOut);
            KnownHostsVerifier jv = verifier(jumpClient);
            try {
                jumpClient.connect(via.host(), via.port());
                authenticate(jumpClient, via.user(), null);
            } catch (IOException e) {
                PollFailure f = classify(host, e, "connect", jv, 0);
                throw new PollFailure(f.status(), "jump host " + via + ": " + f.getMessage(), 0, e);
            }
            SSHClient client = newClient(clients, timedOut);
            verifier[0] = verifier(client);
            client.connectVia(jumpClient.newDirectConnection(host.address(), host.port()));
            return client;
        }
        SSHClient client = newClient(clients, timedOut);
        verifier[0] = verifier(client);
        client.connect(host.address(), host.port());
        return client;
    }

    private SSHClient newClient(List<SSHClient> clients, AtomicBoolean timedOut) throws IOException {
        SSHClient c = new SSHClient(config);
        c.setConnectTimeout((int) settings.connectTimeout().toMillis());
        c.getTransport().setTimeoutMs((int) settings.authTimeout().toMillis());
        synchronized (clients) {
            if (timedOut.get()) {
                throw new IOException("deadline passed");
            }
            clients.add(c);
        }
        return c;
    }

    private KnownHostsVerifier verifier(SSHClient client) {
        KnownHostsVerifier v = new KnownHostsVerifier(knownHosts);
        client.addHostKeyVerifier(v);
        return v;
    }

    /**
     * Tries, like ssh: the host's own IdentityFile, then the ssh-agent's keys, then the configured
     * key files (or OpenSSH's defaults), then a password if one was given.
     */
    private void authenticate(SSHClient client, String user, Host host) throws IOException {
        List<AuthMethod> methods = new ArrayList<>();
        PasswordFinder passphrase = settings.passphrase() == null ? null : finder(settings.passphrase());
        List<Path> keys = identities(host);
        int agentAt = host != null && host.identityFile() != null ? 1 : 0;
        for (Path key : keys) {
            try {
                KeyProvider kp = passphrase == null ? client.loadKeys(key.toString())
                        : client.loadKeys(key.toString(), passphrase);
                methods.add(new AuthPublickey(kp));
            } catch (IOException e) {
                // an unreadable or foreign key file: the next method may still work
                LOG.warn("cannot use key file {}: {}", key, e.toString());
            }
        }
        if (settings.agentSocket() != null) {
            SshAgent agent = new SshAgent(settings.agentSocket());
            try {
                List<AuthMethod> agentKeys = new ArrayList<>();
                agent.identities().forEach(id -> agentKeys.add(new AgentPublickeyAuth(agent, id)));
                methods.addAll(Math.min(agentAt, methods.size()), agentKeys);
            } catch (IOException e) {
                LOG.warn("cannot use ssh-agent at {}: {}", settings.agentSocket(), e.toString());
            }
        }
        if (settings.password() != null) {
            methods.add(new AuthPassword(finder(settings.password())));
        }
        if (methods.isEmpty()) {
            throw new UserAuthException("no usable credential: no readable key file, no ssh-agent key and no password");
        }
        client.auth(user, methods);
    }

    /** The host's own key first, then the configured ones (or the OpenSSH defaults that exist). */
    private List<Path> identities(Host host) {
        List<Path> keys = new ArrayList<>();
        if (host != null && host.identityFile() != null) {
            keys.add(Path.of(host.identityFile()));
        }
        if (!settings.identities().isEmpty()) {
            keys.addAll(settings.identities());
        } else {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            for (String name : new String[] {"id_ed25519", "id_ecdsa", "id_rsa"}) {
                if (Files.isReadable(ssh.resolve(name))) {
                    keys.add(ssh.resolve(name));
                }
            }
        }
        return keys;
    }

    private String user(Host host) {
        return host.user() != null ? host.user() : settings.defaultUser();
    }

    /** Success (maybe with a note) or the failure the exit status and stderr explain. */
    private static String outcome(Host host, ProcNetTcpParseException unparsable, Integer exit, String signal,
                                  String stderr, long bytes) throws PollFailure, ProcNetTcpParseException {
        String err = stderr.strip();
        if (unparsable != null) {
            if ((exit != null && exit != 0) || signal != null || bytes == 0) {
                throw new PollFailure(PollStatus.COMMAND_FAILED, "'" + COMMAND + "' failed"
                        + (exit != null ? " with exit status " + exit : signal != null ? " by signal " + signal : "")
                        + (err.isEmpty() ? "" : ": " + firstLine(err)) + " (not Linux?)", bytes, unparsable);
            }
            throw unparsable;
        }
        if (exit != null && exit == 0 && err.isEmpty()) {
            return null;
        }
        if (err.contains("/proc/net/tcp6")) {
            return "no /proc/net/tcp6 (IPv6 disabled at boot): IPv4 sockets only";
        }
        return "'" + COMMAND + "' ended with " + (exit != null ? "exit status " + exit : "signal " + signal)
                + (err.isEmpty() ? "" : ": " + firstLine(err));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Maps what went wrong to a failure class with a message that says what to do. */
    static PollFailure classify(Host host, Throwable e, String stage, KnownHostsVerifier verifier, long bytes) {
        if (verifier != null && verifier.outcome() == KnownHostsFile.Outcome.CHANGED) {
            return new PollFailure(PollStatus.HOSTKEY_CHANGED, "HOST KEY CHANGED for " + host.target()
                    + ": now " + verifier.fingerprint() + ", not the key in " + verifier.file()
                    + ". Possible man-in-the-middle attack; if the host was really reinstalled, remove the old"
                    + " entry (ssh-keygen -R) and poll again", bytes, e);
        }
        if (verifier != null && verifier.outcome() == KnownHostsFile.Outcome.UNKNOWN) {
            return new PollFailure(PollStatus.HOSTKEY_UNKNOWN, "host key of " + host.target() + " ("
                    + verifier.fingerprint() + ") is not in " + verifier.file()
                    + "; check it, then add it (ssh-keyscan or one ssh login) or poll once with --accept-new",
                    bytes, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserAuthException) {
                return new PollFailure(PollStatus.AUTH_FAILED, "authentication failed for " + host.target() + ": "
                        + t.getMessage(), bytes, e);
            }
            if (t instanceof ConnectException) {
                return new PollFailure(PollStatus.REFUSED, "connection refused by " + host.target(), bytes, e);
            }
            if (t instanceof UnknownHostException) {
                return new PollFailure(PollStatus.UNREACHABLE, "unknown host name " + host.address(), bytes, e);
            }
            if (t instanceof NoRouteToHostException || (t instanceof SocketTimeoutException && "connect".equals(stage))) {
                return new PollFailure(PollStatus.UNREACHABLE, "cannot reach " + host.target() + ": " + t.getMessage(),
                        bytes, e);
            }
        }
        if ("connect".equals(stage) && !(e instanceof TransportException)) {
            return new PollFailure(PollStatus.UNREACHABLE, "cannot reach " + host.target() + ": " + e, bytes, e);
        }
        return new PollFailure(PollStatus.COMMAND_FAILED, "failed to " + stage + " on " + host.target()
                + (bytes > 0 ? " after " + bytes + " bytes" : "") + ": " + e.getMessage(), bytes, e);
    }

    private static String readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (b.size() < STDERR_LIMIT) {
                b.write(buf, 0, Math.min(n, STDERR_LIMIT - b.size()));
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // the rest of an unparsable output still has to be read for the exit status
        }
    }

    private static PasswordFinder finder(char[] secret) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return secret.clone();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing is best effort: the poll's outcome is already decided
        }
    }

    /** Logs out of every kept connection and stops the watchdog. */
    @Override
    public void close() {
        closed = true;
        for (String key : List.copyOf(idle.keySet())) {
            Connection c = idle.remove(key);
            if (c != null) {
                c.clients().forEach(SshTransport::closeQuietly);
            }
        }
        watchdog.shutdownNow(); // only the watchdog's own idle thread: no JDBC ever runs on it
    }

    /** Connections kept open between polls right now (persistent mode). */
    public int keptConnections() {
        return idle.size();
    }
}
