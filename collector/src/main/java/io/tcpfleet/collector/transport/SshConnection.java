package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.util.List;
import net.schmizz.sshj.SSHClient;

/**
 * A logged-in SSH connection: the client on the polled host, last, after the clients of the jump
 * hosts it runs through. Each client has a reader thread while in use; kept between polls, the
 * connection parks, and a client with its own socket then has none ({@link ParkableSshClient}).
 */
record SshConnection(List<SSHClient> clients) {

    SshConnection {
        clients = List.copyOf(clients);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no client");
        }
    }

    SSHClient target() {
        return clients.get(clients.size() - 1);
    }

    /** Whether every hop is still up and the target logged in: a kept connection may have died idle. */
    boolean usable() {
        for (SSHClient c : clients) {
            if (!c.isConnected()) {
                return false;
            }
        }
        return target().isAuthenticated();
    }

    /** Parks every client that can: the connection is idle until {@link #resume()}. */
    void park() {
        for (SSHClient c : clients) {
            if (c instanceof ParkableSshClient p) {
                p.park();
            }
        }
    }

    /** Gets a parked connection ready for use, first hop first; false if a hop is gone. */
    boolean resume() {
        for (SSHClient c : clients) {
            if (c instanceof ParkableSshClient p && !p.resume()) {
                return false;
            }
        }
        return true;
    }

    void close() {
        // the target first: its tunnel runs through the others
        for (int i = clients.size() - 1; i >= 0; i--) {
            closeQuietly(clients.get(i));
        }
    }

    static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing is best effort: the poll's outcome is already decided
        }
    }
}
