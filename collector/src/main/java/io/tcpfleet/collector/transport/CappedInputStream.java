package io.tcpfleet.collector.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what passes and refuses to pass more than a limit: one enormous host cannot exhaust memory or time. */
final class CappedInputStream extends FilterInputStream {

    /** Thrown when the limit is passed. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(long limit) {
            super("output exceeded " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0 && ++count > limit) {
            throw new LimitExceeded(limit);
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
        if (n > 0 && (count += n) > limit) {
            throw new LimitExceeded(limit);
        }
        return n;
    }
}
