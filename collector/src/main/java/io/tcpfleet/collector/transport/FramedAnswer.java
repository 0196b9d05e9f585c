package io.tcpfleet.collector.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One answer of the {@link ShellLoop} read off the session's stdout: {@link #begin} skips whatever
 * precedes the answer's begin marker (a login shell's chatter), then the stream gives exactly the
 * bytes cat printed, and ends at the end marker; the status and cat's stderr that follow it are
 * read with it. If the channel ends first (the loop died, or never ran), the stream simply ends
 * and {@link #complete()} says so.
 *
 * <p>Markers carry the request's nonce, so nothing in a socket table can pass for one. The end of
 * the table is found by searching "\nNONCE" with Boyer-Moore-Horspool: no byte of a table but the
 * newline occurs in it, so the search looks at about one byte in 32.
 */
final class FramedAnswer extends InputStream {

    private static final int BUFFER = 64 * 1024;
    /** cat's stderr kept per answer; the rest is skipped. */
    static final int STDERR_LIMIT = 16 * 1024;
    private static final int STATUS_DIGITS = 10;

    private final InputStream in;
    private final Marker begin;
    /** "\nNONCE": the start of the end marker, searched in the table. */
    private final Marker end;
    /** The rest of the end marker, checked once its start is found. */
    private final byte[] endRest;
    private final Marker done;
    private final byte[] buf = new byte[BUFFER];
    /** buf[pos, lim) is read from the channel and not handed out. */
    private int pos;
    private int lim;
    /** buf[pos, payloadEnd) is payload: no end marker starts before payloadEnd. */
    private int payloadEnd;
    /** The end marker's position in buf, or -1 while it is not found. */
    private int endAt = -1;
    private boolean eof;
    private boolean finished;
    private boolean complete;
    private int status = -1;
    private String stderr = "";

    FramedAnswer(InputStream channelOut, String nonce) {
        this.in = channelOut;
        this.begin = new Marker(ShellLoop.begin(nonce));
        byte[] endMarker = ShellLoop.end(nonce);
        int head = 1 + nonce.length();
        this.end = new Marker(Arrays.copyOf(endMarker, head));
        this.endRest = Arrays.copyOfRange(endMarker, head, endMarker.length);
        this.done = new Marker(ShellLoop.done(nonce));
    }

    /**
     * Skips to the answer's first byte.
     *
     * @return false if the channel ended, or {@code limit} bytes went by, without the begin marker:
     *         this is not the loop answering
     */
    boolean begin(int limit) throws IOException {
        long skipped = 0;
        while (true) {
            int at = begin.find(buf, pos, lim);
            if (at >= 0) {
                pos = at + begin.length();
                payloadEnd = pos;
                findEnd(); // the whole answer may have come with the begin marker
                return true;
            }
            int keep = Math.min(lim - pos, begin.length() - 1); // a marker may straddle two reads
            skipped += lim - pos - keep;
            pos = lim - keep;
            if (skipped > limit || !fill()) {
                finished = true;
                return false;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (pos == payloadEnd) {
            if (endAt == pos) {
                readTrailer();
                return -1;
            }
            if (!fill()) { // the channel ended without an end marker: all of it was payload
                payloadEnd = lim;
                if (pos == lim) {
                    finished = true;
                    return -1;
                }
            }
            findEnd();
        }
        int n = Math.min(len, payloadEnd - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Whether the answer ended with its end marker, status and stderr: the loop is alive and in step. */
    boolean complete() {
        return complete;
    }

    /** cat's exit status (when complete). */
    int status() {
        return status;
    }

    /** What cat wrote to stderr, at most {@link #STDERR_LIMIT} bytes (when complete). */
    String stderr() {
        return stderr;
    }

    /** Searches the new bytes for the end marker, moving {@link #payloadEnd} up to where it may start. */
    private void findEnd() {
        int at = end.search(buf, payloadEnd, lim);
        if (at < 0) {
            payloadEnd = -at - 1;
        } else {
            payloadEnd = at;
            endAt = at;
        }
    }

    /** Reads the rest of the end marker, "STATUS\n", cat's stderr and the done marker. */
    private void readTrailer() throws IOException {
        finished = true;
        pos += end.length();
        for (byte expected : endRest) {
            if (pos == lim && !fill()) {
                return;
            }
            if (buf[pos++] != expected) {
                return; // not the loop's trailer: treat the loop as out of step
            }
        }
        StringBuilder digits = new StringBuilder();
        while (true) {
            if (pos == lim && !fill()) {
                return;
            }
            byte c = buf[pos++];
            if (c == '\n') {
                break;
            }
            if (c < '0' || c > '9' || digits.length() == STATUS_DIGITS) {
                return; // not the loop's trailer: treat the loop as out of step
            }
            digits.append((char) c);
        }
        if (digits.length() == 0) {
            return;
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        while (true) {
            int at = done.search(buf, pos, lim);
            int upTo = at >= 0 ? at : -at - 1;
            err.write(buf, pos, Math.max(0, Math.min(upTo - pos, STDERR_LIMIT - err.size())));
            pos = upTo;
            if (at >= 0) {
                pos += done.length();
                break;
            }
            if (!fill()) {
                return;
            }
        }
        status = Integer.parseInt(digits.toString());
        stderr = err.toString(StandardCharsets.UTF_8);
        complete = true;
    }

    /** Moves the unread bytes to the front and reads more; false at the channel's end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            payloadEnd -= pos;
            if (endAt >= 0) {
                endAt -= pos;
            }
            pos = 0;
        }
        if (lim == buf.length) {
            throw new IOException("remote shell framing: buffer full"); // cannot happen: undecided bytes < a marker
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** A marker and its Horspool shift table. */
    private static final class Marker {
        private final byte[] bytes;
        private final int[] shift = new int[256];

        Marker(byte[] bytes) {
            this.bytes = bytes;
            Arrays.fill(shift, bytes.length);
            for (int i = 0; i < bytes.length - 1; i++) {
                shift[bytes[i] & 0xff] = bytes.length - 1 - i;
            }
        }

        int length() {
            return bytes.length;
        }

        /** Position of the marker in b[from, to), or -1. */
        int find(byte[] b, int from, int to) {
            int at = search(b, from, to);
            return at >= 0 ? at : -1;
        }

        /**
         * Position of the marker in b[from, to); if it is not there, {@code -(p + 1)} where p is
         * the first position at which it could still start, once more bytes arrive.
         */
        int search(byte[] b, int from, int to) {
            int m = bytes.length;
            int s = from;
            while (s + m <= to) {
                int i = m - 1;
                while (i >= 0 && b[s + i] == bytes[i]) {
                    i--;
                }
                if (i < 0) {
                    return s;
                }
                s += shift[b[s + m - 1] & 0xff];
            }
            return -(Math.min(s, to) + 1);
        }
    }
}
