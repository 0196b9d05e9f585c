package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;

/**
 * One poll of one host, from its first packet to its last byte: the clients it opened or took
 * over, its watchdog alarm, the step it is in, the hop it is on and that hop's host-key check, and
 * the bytes it read. The classifier reads all of it to say what failed where.
 *
 * <p>sshj has no read timeout once a command runs, so at the deadline the alarm closes every
 * client of the attempt: a host that hangs anywhere costs at most its deadline.
 */
final class PollAttempt implements AutoCloseable {

    private final Duration deadline;
    private final List<SSHClient> clients = new ArrayList<>(2);
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;
    private volatile Stage stage = Stage.CONNECT;
    private volatile Route.Hop hop;
    private volatile KnownHostsVerifier verifier;
    private volatile String greeting = "";
    private volatile boolean onKeptConnection;
    private volatile long bytes;

    PollAttempt(ScheduledExecutorService watchdog, Duration deadline) {
        this.deadline = deadline;
        this.alarm = watchdog.schedule(this::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire() {
        expired = true;
        synchronized (clients) {
            clients.forEach(SshConnection::closeQuietly);
        }
    }

    /** Puts a new client under the watchdog; refuses it once the deadline has passed. */
    void register(SSHClient client) throws IOException {
        synchronized (clients) {
            if (expired) {
                SshConnection.closeQuietly(client);
                throw new IOException("deadline passed");
            }
            clients.add(client);
        }
    }

    /** Takes over a kept connection, under this attempt's watchdog; false if the deadline already passed. */
    boolean adopt(SshConnection kept) {
        synchronized (clients) {
            clients.addAll(kept.clients());
            onKeptConnection = true;
            return !expired;
        }
    }

    /** Closes every client so far, e.g. a kept connection found dead, before logging in afresh. */
    void discard() {
        synchronized (clients) {
            clients.forEach(SshConnection::closeQuietly);
            clients.clear();
            onKeptConnection = false;
            bytes = 0;
            greeting = "";
        }
    }

    /** The clients so far as a connection, still under this attempt's watchdog. */
    SshConnection connection() {
        synchronized (clients) {
            return new SshConnection(clients);
        }
    }

    /** The clients as a connection that outlives this attempt (to be kept), or null if there are none. */
    SshConnection handOver() {
        synchronized (clients) {
            if (clients.isEmpty() || expired) {
                return null;
            }
            SshConnection c = new SshConnection(clients);
            clients.clear();
            return c;
        }
    }

    /** Stops the alarm and closes whatever was not handed over. */
    @Override
    public void close() {
        alarm.cancel(false);
        discard();
    }

    /** Starts work on a hop of the route: connect first. */
    void at(Route.Hop h) {
        hop = h;
        verifier = null;
        greeting = "";
        stage = Stage.CONNECT;
    }

    void stage(Stage s) {
        stage = s;
    }

    void verifier(KnownHostsVerifier v) {
        verifier = v;
    }

    /** The first bytes {@code from}'s server sent (for "not SSH" messages); ignored once the attempt moved on. */
    void greeting(Route.Hop from, String firstBytes) {
        if (from == hop) {
            greeting = firstBytes;
        }
    }

    void bytes(long n) {
        bytes = n;
    }

    boolean expired() {
        return expired;
    }

    Duration deadline() {
        return deadline;
    }

    Stage stage() {
        return stage;
    }

    /** The hop being worked on; null before the first. */
    Route.Hop hop() {
        return hop;
    }

    /** The current hop's host-key check, or null before its key exchange. */
    KnownHostsVerifier verifier() {
        return verifier;
    }

    String greeting() {
        return greeting;
    }

    boolean onKeptConnection() {
        return onKeptConnection;
    }

    long bytes() {
        return bytes;
    }
}
