package io.tcpfleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Real loopback sockets held in known TCP states on this machine:
 * <ul>
 *   <li>a listener on {@link #port()} with {@code established} accepted connections (both ends
 *       ESTABLISHED), {@code halfClosed} connections whose client shut its output (client FIN_WAIT2,
 *       server CLOSE_WAIT), and {@code timeWait} connections closed client first, then server
 *       (client TIME_WAIT for 60 s);</li>
 *   <li>a listener on {@link #backlogPort()} with {@code unaccepted} connections never accepted
 *       (both ends ESTABLISHED, the listener's accept queue holds them).</li>
 * </ul>
 */
final class LiveSockets implements AutoCloseable {

    private final ServerSocket server;
    private final ServerSocket backlog;
    private final List<Socket> open = new ArrayList<>();

    LiveSockets(int established, int halfClosed, int timeWait, int unaccepted) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        server = new ServerSocket(0, 50, lo);
        backlog = new ServerSocket(0, 50, lo);
        try {
            for (int i = 0; i < established; i++) {
                pair();
            }
            for (int i = 0; i < halfClosed; i++) {
                Socket[] p = pair();
                p[0].shutdownOutput();
            }
            for (int i = 0; i < timeWait; i++) {
                Socket[] p = pair();
                p[0].close();
                InputStream in = p[1].getInputStream();
                if (in.read() != -1) {
                    throw new IOException("expected EOF from the closing client");
                }
                p[1].close();
            }
            for (int i = 0; i < unaccepted; i++) {
                Socket c = new Socket();
                open.add(c);
                c.connect(new InetSocketAddress(lo, backlog.getLocalPort()), 5_000);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Socket[] pair() throws IOException {
        Socket client = new Socket();
        open.add(client);
        client.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 5_000);
        Socket accepted = server.accept();
        open.add(accepted);
        return new Socket[] {client, accepted};
    }

    int port() {
        return server.getLocalPort();
    }

    int backlogPort() {
        return backlog.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : open) {
            s.close();
        }
        server.close();
        backlog.close();
    }
}
