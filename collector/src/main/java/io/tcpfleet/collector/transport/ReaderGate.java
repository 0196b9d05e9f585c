package io.tcpfleet.collector.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Sits between a client's socket and sshj's reader thread so that the reader can be sent away
 * while the connection idles, and a new one started for the next poll ({@link ParkableSshClient}).
 *
 * <p>The socket has a short read timeout ({@link #TICK_MILLIS}); a read that times out without data
 * is simply retried, so nobody above sees the ticks, unless parking was asked for. Then the reading
 * thread marks itself interrupted and gets a {@link SocketTimeoutException}: sshj's reader takes
 * exactly that as "stop quietly" (the transport stays up). No byte is read on the way out, so the
 * next reader carries on with the stream where this one stopped.
 */
final class ReaderGate extends FilterInputStream {

    /**
     * How long a parked reader may go on waiting for data before it notices and leaves. Each
     * lingering reader holds sshj's 256 KiB buffer, and a sweep parks hundreds of connections a
     * second (200 ms left ~120 readers behind at 600 polls/s); a reader in use wakes this often
     * only while its host is silent.
     */
    static final int TICK_MILLIS = 50;

    private volatile boolean parking;
    private volatile boolean closed;
    private volatile Thread reader;

    ReaderGate(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reader = Thread.currentThread();
        while (true) {
            if (parking) {
                throw leave();
            }
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException tick) {
                // no data this slice: look at the parking flag again
            } catch (IOException e) {
                if (parking && !closed) {
                    throw leave(); // the socket was closed under a reader on its way out
                }
                throw e;
            }
        }
    }

    private SocketTimeoutException leave() {
        reader = null; // gone: the next reader may start (and a kept connection holds no dead thread)
        Thread.currentThread().interrupt();
        return new SocketTimeoutException("parked");
    }

    /** Asks the reader to leave at its next read or tick; it consumes nothing more. */
    void park() {
        parking = true;
    }

    boolean parking() {
        return parking;
    }

    /**
     * Waits until the last reader has left, then lets the next one in. Its last reads happen
     * before its volatile goodbye ({@code reader = null}), which happens before this returns.
     *
     * @return false if it did not leave within {@code millis}: the gate stays shut
     */
    boolean unpark(long millis) throws InterruptedException {
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            t.join(millis);
            if (t.isAlive()) {
                return false;
            }
        }
        parking = false;
        return true;
    }

    /** Whether the stream was closed: by sshj when the transport ends, or with the socket. */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        super.close();
    }
}
