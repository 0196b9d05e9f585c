package io.tcpfleet.collector.transport;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollStatus;
import java.io.IOException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Runs exactly {@value #COMMAND} on a host over SSH (sshj) and streams its output into the
 * reader. Nothing from the inventory reaches a remote shell: the commands are constants.
 *
 * <p>Each poll is one {@link PollAttempt} under a watchdog that closes its connections at the
 * host's deadline. {@link ConnectionMode#FRESH} logs in for every poll ({@link SshConnector}) and
 * opens one exec channel ({@link ExecCommand}). {@link ConnectionMode#PERSISTENT} keeps one login
 * per host ({@link KeptConnections}) and polls through one remote shell loop per connection
 * ({@value #SHELL_COMMAND}, {@link RemoteShell}), so the host starts the user's login shell once
 * per connection, not once per poll; a login whose key or sshd forces a command gets one exec per
 * poll instead. A kept connection that fails is retried once with a fresh login, so the poll is
 * classified by what a login meets now (a restarted sshd: OK; a host gone: REFUSED). Every
 * failure becomes a {@link PollFailure} with its class ({@link FailureClassifier}).
 */
public final class SshTransport implements Transport {

    /** The only command tcpfleet ever runs. */
    public static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";
    /** What a kept connection runs once, and polls through: a POSIX sh loop running {@value #COMMAND} per request. */
    public static final String SHELL_COMMAND = ShellLoop.COMMAND;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SshTransport.class);

    /** How logins relate to polls. */
    public enum ConnectionMode {
        /** One login per host, kept between polls, with one remote shell loop that serves every poll. */
        PERSISTENT,
        /** A new login for every poll, closed right after it. */
        FRESH
    }

    private final SshSettings settings;
    private final ConnectionMode mode;
    private final SshConnector connector;
    private final ExecCommand exec;
    private final RemoteShells shells;
    private final KeptConnections kept;
    private final FailureClassifier classifier = new FailureClassifier();
    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "tcpfleet-ssh-watchdog");
        t.setDaemon(true);
        return t;
    });

    public SshTransport(SshSettings settings) {
        this(settings, ConnectionMode.FRESH);
    }

    public SshTransport(SshSettings settings, ConnectionMode mode) {
        this(settings, mode, Integer.MAX_VALUE);
    }

    /**
     * @param maxKept at most this many connections are kept in persistent mode (each holds a socket
     *                and about 30 KB of heap while idle); hosts beyond it log in for every poll
     */
    public SshTransport(SshSettings settings, ConnectionMode mode, int maxKept) {
        this.settings = settings;
        this.mode = mode;
        watchdog.setRemoveOnCancelPolicy(true); // a finished poll's alarm (and its attempt) goes at once, not at its deadline
        this.kept = new KeptConnections(mode == ConnectionMode.PERSISTENT ? maxKept : 0);
        OpenSshClientConfig config = OpenSshClientConfig.INSTANCE;
        this.connector = new SshConnector(settings, config, new KnownHostsFile(settings.knownHosts(), settings.acceptNew()),
                new SshAuthenticator(settings, new IdentityFiles(settings.passphrase(), config)));
        this.exec = new ExecCommand(settings.maxOutputBytes(), settings.deadline().toMillis());
        this.shells = new RemoteShells(exec, settings.maxOutputBytes());
    }

    @Override
    public String read(Host host, OutputReader reader) throws PollFailure, IOException {
        Route route;
        try {
            route = Route.to(host, settings.jump(), settings.defaultUser());
        } catch (IllegalArgumentException e) {
            throw new PollFailure(PollStatus.UNREACHABLE, "bad ProxyJump: " + e.getMessage());
        }
        String login = route.key();
        try (PollAttempt attempt = new PollAttempt(watchdog, settings.deadline())) {
            try {
                Ran ran = runOnKept(attempt, route, reader);
                if (ran == null) {
                    SshConnection conn = connector.login(attempt, host, route);
                    RemoteCommand command = kept.reserve(login) ? shells.forLogin(login) : exec;
                    ran = new Ran(command.run(conn, attempt, reader), command);
                }
                SshConnection done = attempt.handOver();
                if (done != null) {
                    kept.offer(login, done, ran.command());
                }
                return ran.note();
            } catch (ProcNetTcpParseException e) {
                kept.forget(login);
                throw e; // the output is the host's answer: not the connection's fault
            } catch (PollFailure e) {
                kept.forget(login);
                throw e;
            } catch (IOException | RuntimeException e) {
                kept.forget(login);
                throw classifier.classify(attempt, e);
            }
        }
    }

    /**
     * Logs out of the host's kept connection, if it has one idle (a reload removed the host). A
     * poll in flight keeps its connection; the host is not polled again, so it stays idle until
     * collect stops.
     */
    @Override
    public void forget(Host host) {
        try {
            kept.drop(Route.to(host, settings.jump(), settings.defaultUser()).key());
        } catch (IllegalArgumentException e) {
            // a bad ProxyJump: nothing was ever kept for it
        }
    }

    /** The command ran; its note (or null), and the command, which stays with the connection. */
    private record Ran(String note, RemoteCommand command) {
    }

    /**
     * Runs the command on the login's kept connection, if there is a live one. On success the
     * attempt stays on the kept connection; if the connection fails, it is dropped and the caller
     * logs in afresh, within the same deadline.
     *
     * @return what the command returned, or null when it did not run: no live kept connection
     */
    private Ran runOnKept(PollAttempt attempt, Route route, OutputReader reader) throws IOException, PollFailure {
        KeptConnections.Kept k = kept.take(route.key());
        if (k == null) {
            return null;
        }
        SshConnection conn = k.connection();
        if (!conn.usable()) {
            conn.close();
            return null;
        }
        attempt.at(route.target());
        if (!attempt.adopt(conn)) {
            throw new IOException("deadline passed before the kept connection was used");
        }
        try {
            return new Ran(k.command().run(conn, attempt, reader), k.command());
        } catch (ProcNetTcpParseException | CappedInputStream.LimitExceeded e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            if (attempt.expired()) {
                throw e;
            }
            // Dropped under us (sshd restarted, host gone, idle timeout): one fresh login decides.
            LOG.debug("kept connection to {} failed while {} ({}): logging in again", route.target().target(),
                    attempt.stage().doing(), e.toString());
            attempt.discard();
            return null;
        }
    }

    /** Logs out of every kept connection and stops the watchdog. */
    @Override
    public void close() {
        kept.close();
        watchdog.shutdownNow(); // only the watchdog's own idle thread: no JDBC ever runs on it
    }

    /** Connections kept open between polls right now (persistent mode). */
    public int keptConnections() {
        return kept.size();
    }

    /**
     * Remote shells started again on a live kept connection because the previous one had ended (a
     * shell's TMOUT, an idle timeout, a killed process), since this transport started.
     */
    public long shellRestarts() {
        return shells.restarts();
    }

    /** Hosts (logins) polled with one exec per poll because their key or sshd forces a command. */
    public int forcedCommandHosts() {
        return shells.refusedLogins();
    }
}
