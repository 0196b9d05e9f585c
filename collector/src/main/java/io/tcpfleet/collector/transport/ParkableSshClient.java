package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.common.ThreadNameProvider;
import java.io.IOException;
import java.net.Socket;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.Reader;
import net.schmizz.sshj.transport.TransportImpl;

/**
 * An sshj client that costs little while it idles, so that one JVM can keep 10,000 logins.
 *
 * <p>sshj runs one reader thread per connection for the connection's whole life, and that thread
 * holds a fixed 256 KiB packet buffer. A parked client has no reader: it keeps its socket and its
 * SSH state (keys, sequence numbers, services), and whatever the server sends meanwhile waits in
 * the kernel's socket buffer until {@link #resume()} starts a new reader (sshj's own, on the same
 * transport), which handles it in order. Only a client with its own TCP socket can park; one
 * tunnelled through a jump host reads from a channel and keeps its reader.
 *
 * <p>It also announces channel packets of at most {@value #MAX_PACKET} bytes: sshj's packet buffer
 * grows to the largest packet received and never shrinks, and this keeps it at 16 KiB instead of
 * sshj's 32 KiB packets in a 64 KiB buffer.
 *
 * <p>The poll attempt that opens the client watches its progress through a {@link Watcher}, which
 * the client drops when it parks: a kept client does not hold on to its first poll.
 */
final class ParkableSshClient extends SSHClient {

    /** Channel data per packet: a 16 KiB packet buffer fits it with its header, padding and MAC. */
    static final int MAX_PACKET = 16 * 1024 - 512;
    /** How long {@link #resume()} waits for the parked reader to leave (it does within a tick). */
    private static final long LEAVE_MILLIS = 10L * ReaderGate.TICK_MILLIS;

    /** What the poll attempt opening this client wants to know. */
    interface Watcher {
        /** TCP is up: the SSH greeting comes next. */
        void tcpConnected();

        /** The first bytes the server sent so far (up to 64). */
        void greeting(String firstBytes);
    }

    private volatile Watcher watcher;
    private volatile ReaderGate gate;
    /** Once parked, sshj's own {@code isRunning()} is false for good: {@link #isConnected()} says instead. */
    private volatile boolean everParked;

    ParkableSshClient(Config config, Watcher watcher) {
        super(config);
        this.watcher = watcher;
        getConnection().setMaxPacketSize(MAX_PACKET);
        setTimeout(ReaderGate.TICK_MILLIS); // the socket's read timeout: the gate's ticks
        setSocketFactory(new FilteredSocketFactory(raw -> {
            ReaderGate g = new ReaderGate(new GreetingRecorder(raw, this::greeting));
            gate = g;
            return g;
        }));
    }

    private void greeting(String firstBytes) {
        Watcher w = watcher;
        if (w != null) {
            w.greeting(firstBytes);
        }
    }

    @Override
    protected void onConnect() throws IOException {
        Watcher w = watcher;
        if (w != null) {
            w.tcpConnected();
        }
        super.onConnect();
    }

    /**
     * Sends the reader away once the connection is idle (no channel open); it leaves within
     * {@value ReaderGate#TICK_MILLIS} ms.
     *
     * @return false if this client cannot park: tunnelled, or not connected
     */
    boolean park() {
        watcher = null;
        ReaderGate g = gate;
        if (g == null || !isConnected()) {
            return false;
        }
        everParked = true;
        g.park();
        return true;
    }

    /** Whether the client is parked (no reader wanted). */
    boolean parked() {
        ReaderGate g = gate;
        return g != null && g.parking();
    }

    /**
     * Starts a reader again, if parked.
     *
     * @return false if the connection is gone or the old reader did not leave; the client is then
     *         useless and should be closed
     */
    boolean resume() {
        ReaderGate g = gate;
        if (g == null || !g.parking()) {
            return isConnected();
        }
        try {
            if (!g.unpark(LEAVE_MILLIS) || !isConnected()) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        TransportImpl transport = (TransportImpl) getTransport();
        Reader reader = new Reader(transport);
        ThreadNameProvider.setThreadName(reader, transport);
        reader.start();
        return true;
    }

    @Override
    public boolean isConnected() {
        if (!everParked) {
            return super.isConnected();
        }
        // The first reader is gone, so sshj's transport says it is not running; the socket and the
        // gate tell: sshj closes the gate when the transport ends (error or disconnect).
        Socket s = getSocket();
        ReaderGate g = gate;
        return s != null && s.isConnected() && !s.isClosed() && g != null && !g.closed();
    }
}
