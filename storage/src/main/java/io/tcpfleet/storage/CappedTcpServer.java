package io.tcpfleet.storage;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.server.TcpServer;

/**
 * H2's TCP server with a bound on its threads. H2's own accept loop starts a thread for every
 * socket, before any authentication: 3,000 idle connections to the port cost the daemon 3,000
 * threads. This loop takes at most {@value #MAX_CONNECTIONS} connections at a time (others are
 * closed at once) and closes one that sends nothing for {@value #IDLE_TIMEOUT_MS} ms. H2 has no
 * hook for either, so two of its non-public members are reached by reflection, checked when the
 * class loads (H2's version is pinned, and StoreServerTest holds the server to its bound).
 */
final class CappedTcpServer extends TcpServer {

    static final int MAX_CONNECTIONS = 32;
    static final int IDLE_TIMEOUT_MS = 60_000;

    private static final Field SERVER_SOCKET;
    private static final Constructor<?> SESSION;

    static {
        try {
            SERVER_SOCKET = TcpServer.class.getDeclaredField("serverSocket");
            SERVER_SOCKET.setAccessible(true);
            Class<?> session = Class.forName("org.h2.server.TcpServerThread");
            SESSION = session.getDeclaredConstructor(Socket.class, TcpServer.class, int.class);
            SESSION.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this H2 version's TcpServer cannot be capped: " + e, e);
        }
    }

    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean stopping;

    @Override
    public void listen() {
        ServerSocket server;
        try {
            server = (ServerSocket) SERVER_SOCKET.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        while (!stopping && !server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                continue; // closed by stop(), or one failed accept: the loop condition decides
            }
            if (!slots.tryAcquire()) {
                closeQuietly(s); // full: the client sees a closed connection, no thread is spent
                continue;
            }
            try {
                s.setSoTimeout(IDLE_TIMEOUT_MS);
                Runnable session = (Runnable) SESSION.newInstance(s, this, ids.incrementAndGet());
                open.add(s);
                Thread t = new Thread(() -> {
                    try {
                        session.run();
                    } finally {
                        open.remove(s);
                        closeQuietly(s);
                        slots.release();
                    }
                }, "tcpfleet-reader-" + ids.get());
                t.setDaemon(true);
                t.start();
            } catch (ReflectiveOperationException | IOException | RuntimeException e) {
                open.remove(s);
                closeQuietly(s);
                slots.release();
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        super.stop();
        open.forEach(CappedTcpServer::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
