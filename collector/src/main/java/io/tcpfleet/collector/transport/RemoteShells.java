package io.tcpfleet.collector.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the {@link RemoteShell}s of one transport share: the exec fallback, the logins whose loop
 * did not start (remembered for the transport's life, so each is probed once), the nonces, and
 * the restart count the daemon reports.
 */
final class RemoteShells {

    private final ExecCommand exec;
    private final long maxOutputBytes;
    private final ShellLoop loop = new ShellLoop();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final LongAdder restarts = new LongAdder();

    RemoteShells(ExecCommand exec, long maxOutputBytes) {
        this.exec = exec;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** The command for a new kept connection of the login: a remote shell, unless its loop did not start before. */
    RemoteCommand forLogin(String login) {
        return refused.contains(login) ? exec : new RemoteShell(this, login);
    }

    ExecCommand exec() {
        return exec;
    }

    long maxOutputBytes() {
        return maxOutputBytes;
    }

    String nonce() {
        return loop.nonce();
    }

    boolean refused(String login) {
        return refused.contains(login);
    }

    void refuse(String login) {
        refused.add(login);
    }

    void restarted() {
        restarts.increment();
    }

    /** Remote shells started again on a live connection, since the start. */
    long restarts() {
        return restarts.sum();
    }

    /** Logins polled by one exec per poll because their loop did not start (forced commands). */
    int refusedLogins() {
        return refused.size();
    }
}
