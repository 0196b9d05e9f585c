package io.tcpfleet.collector.transport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in connections kept between polls, by login (route and user). A poll takes its host's
 * connection out while it runs, so no two polls share one. Idle connections are parked (no reader
 * thread: a socket and about 30 KB of heap each, see {@link ParkableSshClient}). At most
 * {@code maxKept} logins may keep a connection, first come.
 */
final class KeptConnections implements AutoCloseable {

    private final ConcurrentHashMap<String, SshConnection> idle = new ConcurrentHashMap<>();
    /** Logins allowed a kept connection (idle or in use). */
    private final Set<String> keepers = ConcurrentHashMap.newKeySet();
    private final int maxKept;
    private volatile boolean closed;

    KeptConnections(int maxKept) {
        if (maxKept < 0) {
            throw new IllegalArgumentException("maxKept < 0");
        }
        this.maxKept = maxKept;
    }

    /** The login's idle connection, resumed and now the caller's; null if there is none (or it is gone). */
    SshConnection take(String login) {
        SshConnection c = idle.remove(login);
        if (c != null && !c.resume()) {
            c.close();
            return null;
        }
        return c;
    }

    /** Keeps a connection that just served a poll, if the login may keep one; else closes it. */
    void offer(String login, SshConnection c) {
        if (closed || !c.usable() || !mayKeep(login)) {
            forget(login);
            c.close();
            return;
        }
        c.park(); // before anyone can take it
        SshConnection previous = idle.put(login, c);
        if (previous != null) { // two polls of one host overlapped: keep one login
            previous.close();
        }
        if (closed) { // closed meanwhile: nothing may stay open
            close();
        }
    }

    /** The login failed: its place under the cap goes to whoever logs in next. */
    void forget(String login) {
        keepers.remove(login);
    }

    private boolean mayKeep(String login) {
        if (keepers.contains(login)) {
            return true;
        }
        synchronized (keepers) {
            return keepers.size() < maxKept && keepers.add(login);
        }
    }

    /** Connections kept right now. */
    int size() {
        return idle.size();
    }

    /** Logs out of every kept connection; none is kept afterwards. */
    @Override
    public void close() {
        closed = true;
        for (String login : List.copyOf(idle.keySet())) {
            SshConnection c = idle.remove(login);
            if (c != null) {
                c.close();
            }
        }
    }
}
