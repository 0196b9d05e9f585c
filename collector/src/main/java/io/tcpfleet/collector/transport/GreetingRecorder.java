package io.tcpfleet.collector.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Passes the first {@value #KEPT} bytes a server sends to a listener, so that a port that answers
 * with something other than an SSH greeting ({@code HTTP/1.1 400 Bad Request}) can be named by what
 * it said. The listener is dropped after that: a kept connection must not hold what it points to.
 */
final class GreetingRecorder extends FilterInputStream {

    static final int KEPT = 64;

    private final byte[] first = new byte[KEPT];
    private int n;
    private volatile Consumer<String> listener;

    GreetingRecorder(InputStream in, Consumer<String> listener) {
        super(in);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read(); // sshj reads the greeting a byte at a time
        if (b >= 0) {
            record(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int r = super.read(b, off, len);
        if (r > 0) {
            record(b, off, r);
        }
        return r;
    }

    private void record(byte[] b, int off, int len) {
        Consumer<String> l = listener;
        if (l == null) {
            return;
        }
        int copy = Math.min(len, KEPT - n);
        System.arraycopy(b, off, first, n, copy);
        n += copy;
        l.accept(new String(first, 0, n, StandardCharsets.ISO_8859_1));
        if (n == KEPT) {
            listener = null;
        }
    }
}
