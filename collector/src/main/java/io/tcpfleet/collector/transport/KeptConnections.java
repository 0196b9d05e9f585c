package io.tcpfleet.collector.transport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in connections kept between polls, by login (route and user), each with the command that
 * polls through it (its remote shell). A poll takes its host's connection out while it runs, so no
 * two polls share one. Idle connections are parked (no reader thread: a socket and a few tens of KB
 * of heap each, see {@link ParkableSshClient}). At most {@code maxKept} logins may keep a
 * connection, first come.
 */
final class KeptConnections implements AutoCloseable {

    /** A kept connection and the command that polls through it. */
    record Kept(SshConnection connection, RemoteCommand command) {
    }

    private final ConcurrentHashMap<String, Kept> idle = new ConcurrentHashMap<>();
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
    Kept take(String login) {
        Kept k = idle.remove(login);
        if (k != null && !k.connection().resume()) {
            k.connection().close();
            return null;
        }
        return k;
    }

    /** Keeps a connection that just served a poll, if the login may keep one; else closes it. */
    void offer(String login, SshConnection c, RemoteCommand command) {
        if (closed || !c.usable() || !reserve(login)) {
            forget(login);
            c.close();
            return;
        }
        c.park(); // before anyone can take it
        Kept previous = idle.put(login, new Kept(c, command));
        if (previous != null) { // two polls of one host overlapped: keep one login
            previous.connection().close();
        }
        if (closed) { // closed meanwhile: nothing may stay open
            close();
        }
    }

    /** Closes the login's idle connection and frees its place under the cap. */
    void drop(String login) {
        Kept k = idle.remove(login);
        if (k != null) {
            k.connection().close();
        }
        forget(login);
    }

    /** The login failed: its place under the cap goes to whoever logs in next. */
    void forget(String login) {
        keepers.remove(login);
    }

    /** Whether the login may keep its connection (taking a place under the cap if it has none yet). */
    boolean reserve(String login) {
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
            Kept k = idle.remove(login);
            if (k != null) {
                k.connection().close();
            }
        }
    }
}
