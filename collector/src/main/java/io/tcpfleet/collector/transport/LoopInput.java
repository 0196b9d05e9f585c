package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.transport.TransportException;

/**
 * One stream of a {@link LoopChannel}: the packets that arrived and are not read yet, each dropped
 * once read, so the stream holds nothing between answers whatever the largest answer was.
 */
final class LoopInput extends InputStream {

    /** Told after every read, outside this stream's lock: the channel gives the window back. */
    interface Taken {
        void after() throws TransportException;
    }

    private final Taken taken;
    private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
    /** Bytes of the first packet already read. */
    private int offset;
    private long unread;
    private boolean eof;
    private SSHException error;

    LoopInput(Taken taken) {
        this.taken = taken;
    }

    /** Called by the channel for each packet of data, in order. */
    synchronized void receive(byte[] data, int off, int len) throws ConnectionException {
        if (eof) {
            throw new ConnectionException("Getting data on EOF'ed stream");
        }
        if (len > 0) {
            packets.add(Arrays.copyOfRange(data, off, off + len));
            unread += len;
            notifyAll();
        }
    }

    synchronized void eof() {
        eof = true;
        notifyAll();
    }

    synchronized void fail(SSHException e) {
        error = e;
        eof();
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(unread, Integer.MAX_VALUE);
    }

    @Override
    public int read() throws IOException {
        int c;
        synchronized (this) {
            if (!await()) {
                return -1;
            }
            byte[] p = packets.peek();
            c = p[offset] & 0xff;
            consumed(p, 1);
        }
        taken.after();
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        synchronized (this) {
            if (!await()) {
                return -1;
            }
            while (n < len && !packets.isEmpty()) {
                byte[] p = packets.peek();
                int k = Math.min(len - n, p.length - offset);
                System.arraycopy(p, offset, b, off + n, k);
                consumed(p, k);
                n += k;
            }
        }
        taken.after();
        return n;
    }

    /** Waits for data; false at the end of the stream. */
    private boolean await() throws IOException {
        while (packets.isEmpty()) {
            if (eof) {
                if (error != null) {
                    throw error;
                }
                return false;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                throw (IOException) new InterruptedIOException().initCause(e);
            }
        }
        return true;
    }

    /** {@code k} bytes of the first packet {@code p} were read: a packet read whole is dropped. */
    private void consumed(byte[] p, int k) {
        offset += k;
        unread -= k;
        if (offset == p.length) {
            packets.poll();
            offset = 0;
        }
    }

    /** Like sshj's streams: the channel's end of file for the reader; data arriving afterwards is an error. */
    @Override
    public void close() {
        eof();
    }
}
