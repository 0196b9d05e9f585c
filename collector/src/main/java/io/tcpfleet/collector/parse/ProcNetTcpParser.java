package io.tcpfleet.collector.parse;

import io.tcpfleet.collector.tally.AddressFormat;
import io.tcpfleet.collector.tally.TallyBuilder;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Streams what {@code cat /proc/net/tcp /proc/net/tcp6} prints into a {@link SocketTally}.
 *
 * <p>Reads through one fixed buffer and works on its bytes: no String per line, and memory does
 * not grow with the input. Header lines ({@code sl ...}) may appear anywhere. Any row with at
 * least 10 tokens whose first five fields are well-formed is counted; other lines are counted as
 * malformed (the first one's number and reason are kept) and never abort the parse while anything
 * parses. An input without a single socket row is an error that says why, unless it is headers
 * alone (a host with no sockets): malformed rows under a header are not a host with zero sockets.
 *
 * <p>Kernel IPv4 rows are padded to exactly 149 characters, so the common case is checked at fixed
 * offsets and the parser jumps straight to the next row; anything else takes the general path,
 * which tokenizes by whitespace. Both accept and reject exactly the same rows.
 *
 * <p>Reusable (the buffer and accumulator are kept), not thread-safe.
 *
 * <p>This file is over the project's 400-line limit on purpose: the fixed-offset fast paths, the
 * general path that must accept and reject exactly the same rows, and the SWAR byte helpers they
 * share are one hand-tuned unit, kept together so that each check can be read beside its twin.
 */
public final class ProcNetTcpParser {

    /** Kernel IPv4 rows: 149 characters before the newline (seq_setwidth(TMPSZ - 1)). */
    static final int V4_ROW = 149;
    /** Default buffer: big reads for files of hundreds of MB. */
    public static final int DEFAULT_BUFFER = 1 << 20;
    /** Enough for SSH streams, which arrive in packets of at most 32 KiB anyway. */
    public static final int STREAM_BUFFER = 64 << 10;
    /** Spare bytes so that 8-byte reads near the end of the data stay inside the array. */
    private static final int SLACK = 16;
    private static final int MIN_TOKENS = 10;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = new byte[256];
    private static final byte[] STATE_INDEX = new byte[256];
    private static final int LISTEN = TcpState.LISTEN.ordinal();

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
        for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
        for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
        for (int code = 0; code < 256; code++) {
            STATE_INDEX[code] = (byte) TcpState.ofCode(code).ordinal();
        }
    }

    private final int capacity;
    private final byte[] buf;
    private final TallyOptions defaults;
    private final TallyBuilder builder;
    private final int[] tokStart = new int[5];
    private final int[] tokEnd = new int[5];

    // Per-parse state.
    private boolean swap;
    private boolean detail;
    private long lineNo;
    private long rows;
    private int headers;
    private long malformed;
    private long firstBadLine;
    private String firstBadReason;

    public ProcNetTcpParser(TallyOptions options) {
        this(options, DEFAULT_BUFFER);
    }

    /** @param bufferSize bytes read at a time; also the longest line accepted */
    public ProcNetTcpParser(TallyOptions options, int bufferSize) {
        if (bufferSize < 4096) {
            throw new IllegalArgumentException("bufferSize < 4096");
        }
        this.defaults = Objects.requireNonNull(options, "options");
        this.builder = new TallyBuilder(options);
        this.capacity = bufferSize;
        this.buf = new byte[bufferSize + SLACK];
    }

    /** Parses with the options given at construction. */
    public SocketTally parse(InputStream in) throws IOException {
        return parse(in, defaults);
    }

    /**
     * Parses {@code in} to its end (it is not closed).
     *
     * @throws ProcNetTcpParseException if the input holds no socket row and no header
     * @throws IOException              if reading fails
     */
    public SocketTally parse(InputStream in, TallyOptions options) throws IOException {
        start(options);
        byte[] b = buf;
        long bytes = 0;
        int pos = 0;
        int end = 0;
        boolean eof = false;
        boolean discarding = false; // inside a line too long for the buffer
        while (true) {
            if (discarding) {
                int nl = indexOfNewline(b, pos, end);
                if (nl < 0) {
                    pos = end;
                } else {
                    pos = nl + 1;
                    discarding = false;
                }
            }
            while (!discarding && pos < end) {
                int guess = pos + V4_ROW;
                if (guess < end && b[guess] == '\n' && fastV4(b, pos)) {
                    lineNo++;
                    rows++;
                    pos = guess + 1;
                    continue;
                }
                int next = fastV6(b, pos, end);
                if (next > 0) {
                    lineNo++;
                    rows++;
                    pos = next;
                    continue;
                }
                int nl = indexOfNewline(b, pos, end);
                if (nl < 0) {
                    break;
                }
                lineNo++;
                generalLine(b, pos, nl);
                pos = nl + 1;
            }
            if (eof) {
                if (pos < end && !discarding) {
                    lineNo++;
                    generalLine(b, pos, end); // last line without a newline
                }
                break;
            }
            if (pos == 0 && end == capacity) {
                lineNo++;
                bad("line longer than " + capacity + " bytes");
                discarding = true;
                pos = end;
            }
            if (pos > 0) {
                System.arraycopy(b, pos, b, 0, end - pos);
                end -= pos;
                pos = 0;
            }
            int n = in.read(b, end, capacity - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
                bytes += n;
            }
        }
        // Headers with nothing but malformed rows are no socket table either: never a silent zero.
        if (rows == 0 && (headers == 0 || malformed > 0)) {
            if (bytes == 0) {
                throw new ProcNetTcpParseException("empty input: no /proc/net/tcp output at all");
            }
            if (malformed == 0) {
                throw new ProcNetTcpParseException("no socket table in input: " + lineNo
                        + " blank line(s), no 'sl local_address ...' header and no row");
            }
            throw new ProcNetTcpParseException("no parseable socket row in " + lineNo
                    + " line(s) (" + bytes + " bytes); first bad line " + firstBadLine + ": "
                    + firstBadReason);
        }
        return builder.build(new ParseStats(bytes, lineNo, headers, malformed, firstBadLine,
                firstBadReason));
    }

    private void start(TallyOptions options) {
        builder.reset(options);
        swap = options.byteOrder() == ByteOrder.LITTLE_ENDIAN;
        detail = options.detail();
        lineNo = 0;
        rows = 0;
        headers = 0;
        malformed = 0;
        firstBadLine = 0;
        firstBadReason = null;
    }

    /**
     * A kernel IPv4 row of exactly {@link #V4_ROW} bytes at {@code p}, checked at fixed offsets:
     * {@code "%4d: %08X:%04X %08X:%04X %02X %08X:%08X "} then at least five more tokens. Returns
     * false, having counted nothing, if anything differs.
     */
    private boolean fastV4(byte[] b, int p) {
        int a = addressStart(b, p);
        if (a < 0 || b[a + 8] != ':' || b[a + 13] != ' ' || b[a + 22] != ':' || b[a + 27] != ' '
                || b[a + 30] != ' ' || b[a + 39] != ':' || b[a + 48] != ' ') {
            return false;
        }
        int st = hex2(b, a + 28);
        if (!detail) {
            // States only: validate every field, decode none but the state.
            if ((st | hex4(b, a + 9) | hex4(b, a + 23)) < 0
                    || !(isHex8(b, a) && isHex8(b, a + 14) && isHex8(b, a + 31) && isHex8(b, a + 40))
                    || !tailHasTokens(b, a + 48, p + V4_ROW, MIN_TOKENS - 5)) {
                return false;
            }
            builder.count(STATE_INDEX[st], false);
            return true;
        }
        long local = hex8(b, a);
        int lport = hex4(b, a + 9);
        long rem = hex8(b, a + 14);
        int rport = hex4(b, a + 23);
        long tx = hex8(b, a + 31);
        long rx = hex8(b, a + 40);
        if ((local | lport | rem | rport | st | tx | rx) < 0
                || !tailHasTokens(b, a + 48, p + V4_ROW, MIN_TOKENS - 5)) {
            return false;
        }
        int ip = swap ? Integer.reverseBytes((int) rem) : (int) rem;
        builder.add(STATE_INDEX[st], false, lport, 0L, AddressFormat.mappedLo(ip), rport, rx);
        return true;
    }

    /**
     * Where the local address starts after a right-aligned {@code "%4d: "} slot number at
     * {@code p}, or -1. Reads at most 14 bytes, all inside any candidate row.
     */
    private static int addressStart(byte[] b, int p) {
        int i = p;
        int lim = p + 12;
        while (i < lim && b[i] == ' ') {
            i++;
        }
        int digits = i;
        while (i < lim && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i == digits || b[i] != ':' || b[i + 1] != ' ' ? -1 : i + 2;
    }

    /**
     * A kernel IPv6 row at {@code p}, checked at fixed offsets:
     * {@code "%4d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X %02X %08X:%08X "} then at least five
     * more tokens up to its newline (IPv6 rows are not padded: the tail is scanned once, for the
     * tokens and the newline together). Returns the index after the newline, or -1, having counted
     * nothing, if the row is anything else or not complete in the buffer.
     */
    private int fastV6(byte[] b, int p, int end) {
        if (end - p < 120) {
            return -1;
        }
        int a = addressStart(b, p);
        if (a < 0 || a + 97 > end || b[a + 32] != ':' || b[a + 37] != ' ' || b[a + 70] != ':'
                || b[a + 75] != ' ' || b[a + 78] != ' ' || b[a + 87] != ':' || b[a + 96] != ' ') {
            return -1;
        }
        int st = hex2(b, a + 76);
        if ((st | hex4(b, a + 33) | hex4(b, a + 71)) < 0
                || !(isHex8(b, a) && isHex8(b, a + 8) && isHex8(b, a + 16) && isHex8(b, a + 24)
                && isHex8(b, a + 38) && isHex8(b, a + 46) && isHex8(b, a + 54) && isHex8(b, a + 62)
                && isHex8(b, a + 79) && isHex8(b, a + 88))) {
            return -1;
        }
        int nl = rowTail(b, a + 96, end, MIN_TOKENS - 5);
        if (nl < 0) {
            return -1;
        }
        int state = STATE_INDEX[st];
        if (detail) {
            long hi = order(hex8(b, a + 38)) << 32 | order(hex8(b, a + 46));
            long lo = order(hex8(b, a + 54)) << 32 | order(hex8(b, a + 62));
            builder.add(state, true, hex4(b, a + 33), hi, lo, hex4(b, a + 71), hex8(b, a + 88));
        } else {
            builder.count(state, true);
        }
        return nl + 1;
    }

    /**
     * Scans a row tail from {@code from} (a space) to its newline. Returns the newline's index if
     * the tail has at least {@code need} space-separated tokens and no other control character;
     * -1 otherwise, or if no newline comes before {@code end}.
     */
    private static int rowTail(byte[] b, int from, int end, int need) {
        int count = 0;
        long prevSpace = 0x80;
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (((w - 0x2020202020202020L) & ~w & HIGHS) != 0) {
                break; // the newline (or another control byte) is in this word: finish byte by byte
            }
            if (count < need) {
                long space = zeroBytes(w ^ 0x2020202020202020L);
                count += Long.bitCount(~space & HIGHS & ((space << 8) | prevSpace));
                prevSpace = space >>> 56;
            }
        }
        boolean prev = prevSpace != 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '\n') {
                return count >= need ? i : -1;
            }
            if (c >= 0 && c < 0x20) {
                return -1;
            }
            boolean s = c == ' ';
            if (!s && prev) {
                count++;
            }
            prev = s;
        }
        return -1;
    }

    /** A printed address word in network order. */
    private long order(long printed) {
        return swap ? Integer.reverseBytes((int) printed) & 0xFFFFFFFFL : printed;
    }

    /** Any line: header, blank, IPv4 or IPv6 row with any spacing, or garbage. */
    private void generalLine(byte[] b, int from, int to) {
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        int n = 0;
        int i = from;
        while (n < MIN_TOKENS) {
            while (i < to && isSpace(b[i])) {
                i++;
            }
            if (i >= to) {
                break;
            }
            int s = i;
            while (i < to && !isSpace(b[i])) {
                i++;
            }
            if (n < 5) {
                tokStart[n] = s;
                tokEnd[n] = i;
            }
            n++;
        }
        if (n == 0) {
            return; // blank line
        }
        int[] ts = tokStart;
        int[] te = tokEnd;
        if (te[0] - ts[0] == 2 && b[ts[0]] == 's' && b[ts[0] + 1] == 'l') {
            headers++;
            return;
        }
        if (n < 5) {
            bad(n + " token(s); a socket row has at least " + MIN_TOKENS);
            return;
        }
        // sl: decimal slot number and a colon
        if (te[0] - ts[0] < 2 || b[te[0] - 1] != ':' || !allDigits(b, ts[0], te[0] - 1)) {
            bad("first field is not a slot number like '12:'");
            return;
        }
        int lc = indexOf(b, ts[1], te[1], (byte) ':');
        int rc = indexOf(b, ts[2], te[2], (byte) ':');
        int addrLen = lc - ts[1];
        if (lc < 0 || (addrLen != 8 && addrLen != 32) || !isHex(b, ts[1], lc)
                || !isPort(b, lc + 1, te[1])) {
            bad("local address is not HEX:PORT with 8 or 32 hex digits");
            return;
        }
        if (rc < 0 || rc - ts[2] != addrLen || !isHex(b, ts[2], rc) || !isPort(b, rc + 1, te[2])) {
            bad("remote address is not HEX:PORT of the local address's family");
            return;
        }
        int stLen = te[3] - ts[3];
        if (stLen < 1 || stLen > 2 || !isHex(b, ts[3], te[3])) {
            bad("state is not a hex code");
            return;
        }
        int qc = indexOf(b, ts[4], te[4], (byte) ':');
        if (qc < 0 || qc - ts[4] < 1 || qc - ts[4] > 8 || te[4] - qc - 1 < 1 || te[4] - qc - 1 > 8
                || !isHex(b, ts[4], qc) || !isHex(b, qc + 1, te[4])) {
            bad("tx_queue:rx_queue is not HEX:HEX");
            return;
        }
        if (n < MIN_TOKENS) {
            bad(n + " token(s); a socket row has at least " + MIN_TOKENS);
            return;
        }
        rows++;
        boolean v6 = addrLen == 32;
        int state = STATE_INDEX[(int) parseHex(b, ts[3], te[3])];
        if (!detail) {
            builder.count(state, v6);
            return;
        }
        int lport = (int) parseHex(b, lc + 1, te[1]);
        int rport = (int) parseHex(b, rc + 1, te[2]);
        long rx = parseHex(b, qc + 1, te[4]);
        long hi;
        long lo;
        if (v6) {
            hi = word(b, ts[2]) << 32 | word(b, ts[2] + 8);
            lo = word(b, ts[2] + 16) << 32 | word(b, ts[2] + 24);
        } else {
            hi = 0;
            lo = AddressFormat.mappedLo((int) word(b, ts[2]));
        }
        builder.add(state, v6, lport, hi, lo, rport, rx);
    }

    /** One printed 32-bit address word, in network order, unsigned. */
    private long word(byte[] b, int at) {
        int w = (int) parseHex(b, at, at + 8);
        return (swap ? Integer.reverseBytes(w) : w) & 0xFFFFFFFFL;
    }

    private void bad(String reason) {
        malformed++;
        if (firstBadLine == 0) {
            firstBadLine = lineNo;
            firstBadReason = reason;
        }
    }

    // ---- byte helpers -------------------------------------------------------------------------

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean allDigits(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (HEX[b[i] & 0xFF] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(byte[] b, int from, int to) {
        return to - from >= 1 && to - from <= 4 && isHex(b, from, to);
    }

    private static long parseHex(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v << 4 | HEX[b[i] & 0xFF];
        }
        return v;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int hex2(byte[] b, int at) {
        return HEX[b[at] & 0xFF] << 4 | HEX[b[at + 1] & 0xFF]; // negative if either is not hex
    }

    private static int hex4(byte[] b, int at) {
        int h0 = HEX[b[at] & 0xFF];
        int h1 = HEX[b[at + 1] & 0xFF];
        int h2 = HEX[b[at + 2] & 0xFF];
        int h3 = HEX[b[at + 3] & 0xFF];
        if ((h0 | h1 | h2 | h3) < 0) {
            return -1;
        }
        return h0 << 12 | h1 << 8 | h2 << 4 | h3;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS7 = 0x7F7F7F7F7F7F7F7FL;

    /** 0x80 in every byte of {@code x} that is zero, nothing elsewhere (exact, no borrow). */
    private static long zeroBytes(long x) {
        return ~(((x & LOWS7) + LOWS7) | x | LOWS7);
    }

    /** 0x80 in every byte of {@code x} (each below 0x80) that lies in [lo, hi]. */
    private static long inRange(long x, int lo, int hi) {
        return (x + ONES * (0x80 - lo)) & ~(x + ONES * (0x7F - hi)) & HIGHS;
    }

    /** Whether the eight bytes of {@code w} (first character lowest) are all hex digits. */
    private static boolean allHex(long w) {
        long x = w & LOWS7;
        long lower = x | 0x2020202020202020L;
        long valid = (inRange(x, '0', '9') | inRange(lower, 'a', 'f')) & ~w;
        return (valid & HIGHS) == HIGHS;
    }

    private static boolean isHex8(byte[] b, int at) {
        return allHex((long) LONGS.get(b, at));
    }

    /** Eight hex digits at {@code at} as an unsigned 32-bit value, or -1 if any is not hex. */
    static long hex8(byte[] b, int at) {
        long w = (long) LONGS.get(b, at); // first character in the lowest byte
        if (!allHex(w)) {
            return -1;
        }
        long x = w & LOWS7;
        // Nibble per byte: digits give c & 15, letters (bit 6 set) c & 15 + 9.
        long v = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 6) & ONES) * 9;
        v = ((v << 4) | (v >>> 8)) & 0x00FF00FF00FF00FFL;
        v = ((v << 8) | (v >>> 16)) & 0x0000FFFF0000FFFFL;
        return ((v << 16) | (v >>> 32)) & 0xFFFFFFFFL;
    }

    /**
     * Whether the fixed-width row tail [from, to) holds at least {@code need} space-separated
     * tokens and no control character at all (a newline would make it two lines for the general
     * path, a CR or tab would be treated differently there: any of them defers to it).
     */
    private static boolean tailHasTokens(byte[] b, int from, int to, int need) {
        int count = 0;
        long prevSpace = 0x80; // b[from - 1] is a space in every caller
        long control = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            // Exact as a yes/no: some byte of w is below 0x20.
            control |= (w - 0x2020202020202020L) & ~w & HIGHS;
            if (count < need) {
                long space = zeroBytes(w ^ 0x2020202020202020L);
                count += Long.bitCount(~space & HIGHS & ((space << 8) | prevSpace));
                prevSpace = space >>> 56;
            }
        }
        boolean prev = prevSpace != 0;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= 0 && c < 0x20) {
                return false;
            }
            boolean s = c == ' ';
            if (!s && prev) {
                count++;
            }
            prev = s;
        }
        return control == 0 && count >= need;
    }

    /** Index of the first '\n' in [from, to), or -1. */
    private static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long hit = zeroBytes((long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL);
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
