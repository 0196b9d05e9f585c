package io.tcpfleet.storage;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A {@link Breakdown} as one byte string: about 12 bytes per peer and 8 per port before DEFLATE,
 * where a row per port and per peer took ~150 bytes each. Every number is an unsigned LEB128 varint (7 bits per
 * byte, low first; {@code zz} marks a zigzag-encoded signed one):
 *
 * <pre>
 * breakdown := 0x03 body  |  0x04 deflate(body)   (raw DEFLATE, RFC 1951, when that is shorter: ~30 % less)
 * body      := count port*  count peer*  other-kind [peers counts [missed]]
 * port      := zz(port - previous port, starting at 0)  listeners  accept-queue  counts
 * peer      := kind  address  port  peers  counts  [missed]
 *   kind    := bit 0: inbound; bit 1: address as text (count + UTF-8), else 4 bytes of IPv4;
 *              bit 2: a bound on missed sockets follows (the count may be short by at most it);
 *              bit 3: the number of peers is an estimate
 * other-kind:= 0: no "other" bucket, else bit 0 set and bits 2, 3 as for a peer
 * counts    := mask (bit i: state i of TcpState.COUNTED is not 0)  one number per bit set, in order
 * </pre>
 * Formats 0x01/0x02 (before the missed and estimated bits) are still read: their kind bits 2 and 3
 * are never set.
 */
final class BreakdownCodec {

    static final int PLAIN_V1 = 1;
    static final int DEFLATED_V1 = 2;
    static final int PLAIN = 3;
    static final int DEFLATED = 4;
    /** A stored breakdown never inflates to more than this: corrupt data cannot exhaust memory. */
    static final int MAX_BODY = 1 << 20;
    private static final int INBOUND = 1;
    private static final int TEXT = 2;
    private static final int MISSED = 4;
    private static final int ESTIMATED = 8;
    private static final int PRESENT = 1;

    private BreakdownCodec() {
    }

    static byte[] encode(Breakdown b) {
        Out out = new Out();
        out.write(PLAIN);
        out.varint(b.ports().size());
        int previous = 0;
        for (PortTally p : b.ports()) {
            out.varint(zigzag(p.port() - previous));
            previous = p.port();
            out.varint(p.listeners());
            out.varint(p.acceptQueue());
            out.counts(p.states());
        }
        out.varint(b.peers().size());
        for (PeerTally p : b.peers()) {
            byte[] v4 = ipv4(p.address());
            out.write((p.inbound() ? INBOUND : 0) | (v4 == null ? TEXT : 0) | accuracy(p));
            if (v4 == null) {
                byte[] text = p.address().getBytes(StandardCharsets.UTF_8);
                out.varint(text.length);
                out.write(text, 0, text.length);
            } else {
                out.write(v4, 0, 4);
            }
            out.varint(p.port());
            out.varint(p.peers());
            out.counts(p.states());
            if (p.missedAtMost() > 0) {
                out.varint(p.missedAtMost());
            }
        }
        out.write(b.other() == null ? 0 : PRESENT | accuracy(b.other()));
        if (b.other() != null) {
            out.varint(b.other().peers());
            out.counts(b.other().states());
            if (b.other().missedAtMost() > 0) {
                out.varint(b.other().missedAtMost());
            }
        }
        byte[] plain = out.toByteArray();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(plain, 1, plain.length - 1);
            deflater.finish();
            byte[] packed = new byte[plain.length];
            packed[0] = DEFLATED;
            int n = deflater.deflate(packed, 1, packed.length - 1);
            return deflater.finished() && n + 1 < plain.length ? Arrays.copyOf(packed, n + 1) : plain;
        } finally {
            deflater.end();
        }
    }

    private static int accuracy(PeerTally p) {
        return (p.missedAtMost() > 0 ? MISSED : 0) | (p.peersEstimated() ? ESTIMATED : 0);
    }

    static Breakdown decode(byte[] data) {
        int format = data.length == 0 ? -1 : data[0] & 0xFF;
        In in = switch (format) {
            case PLAIN, PLAIN_V1 -> new In(data, 1);
            case DEFLATED, DEFLATED_V1 -> new In(inflate(data), 0);
            default -> throw new StoreException("stored breakdown has format " + format + ", this tcpfleet reads "
                    + PLAIN_V1 + " to " + DEFLATED + ": upgrade tcpfleet");
        };
        List<PortTally> ports = new ArrayList<>();
        int port = 0;
        for (long n = in.count(); n > 0; n--) {
            port += unzigzag(in.varint());
            ports.add(new PortTally(port, (int) in.varint(), in.varint(), in.counts()));
        }
        List<PeerTally> peers = new ArrayList<>();
        for (long n = in.count(); n > 0; n--) {
            int kind = in.read();
            String address = (kind & TEXT) != 0 ? in.text() : in.ipv4();
            int remotePort = (int) in.varint();
            long distinct = in.varint();
            StateCounts counts = in.counts();
            peers.add(new PeerTally(address, remotePort, (kind & INBOUND) != 0, distinct, counts,
                    (kind & MISSED) != 0 ? in.varint() : 0, (kind & ESTIMATED) != 0));
        }
        int otherKind = in.read();
        PeerTally other = null;
        if ((otherKind & PRESENT) != 0) {
            long distinct = in.varint();
            StateCounts counts = in.counts();
            other = new PeerTally(null, 0, false, distinct, counts, (otherKind & MISSED) != 0 ? in.varint() : 0,
                    (otherKind & ESTIMATED) != 0);
        }
        if (in.remaining() != 0) {
            throw new StoreException("stored breakdown has " + in.remaining() + " bytes too many");
        }
        return new Breakdown(ports, peers, other);
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, 1, data.length - 1);
            ByteArrayOutputStream body = new ByteArrayOutputStream(data.length * 2);
            byte[] buf = new byte[512];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new StoreException("stored breakdown is truncated (deflated)");
                }
                body.write(buf, 0, n);
                if (body.size() > MAX_BODY) {
                    throw new StoreException("stored breakdown inflates to more than " + MAX_BODY + " bytes");
                }
            }
            return body.toByteArray();
        } catch (DataFormatException e) {
            throw new StoreException("stored breakdown is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** The 4 bytes of a dotted quad written exactly as it reads back ({@code 10.0.0.1}, not {@code 010.0.0.1}). */
    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int unzigzag(long v) {
        return (int) ((v >>> 1) ^ -(v & 1));
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(256);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void counts(StateCounts s) {
            long mask = 0;
            for (TcpState t : TcpState.COUNTED) {
                if (s.get(t) != 0) {
                    mask |= 1L << t.ordinal();
                }
            }
            varint(mask);
            for (TcpState t : TcpState.COUNTED) {
                if (s.get(t) != 0) {
                    varint(s.get(t));
                }
            }
        }
    }

    private static final class In {
        private final byte[] data;
        private int pos;

        In(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        int read() {
            if (pos >= data.length) {
                throw new StoreException("stored breakdown is truncated at byte " + pos);
            }
            return data[pos++] & 0xFF;
        }

        int remaining() {
            return data.length - pos;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new StoreException("stored breakdown has a number longer than 64 bits at byte " + pos);
        }

        /** A list length: never more than the bytes left, so a corrupt length cannot allocate much. */
        long count() {
            long n = varint();
            if (n > remaining()) {
                throw new StoreException("stored breakdown lists " + n + " entries in " + remaining() + " bytes");
            }
            return n;
        }

        String text() {
            int n = (int) count();
            String s = new String(data, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        String ipv4() {
            if (remaining() < 4) {
                throw new StoreException("stored breakdown is truncated at byte " + pos);
            }
            String s = (data[pos] & 0xFF) + "." + (data[pos + 1] & 0xFF) + "." + (data[pos + 2] & 0xFF) + "." + (data[pos + 3] & 0xFF);
            pos += 4;
            return s;
        }

        StateCounts counts() {
            long mask = varint();
            long[] c = new long[TcpState.COUNT];
            for (int i = 0; i < TcpState.COUNT; i++) {
                if ((mask & (1L << i)) != 0) {
                    c[i] = varint();
                }
            }
            if ((mask >>> TcpState.COUNT) != 0) {
                throw new StoreException("stored breakdown counts a state this tcpfleet does not know");
            }
            return StateCounts.of(c);
        }
    }
}
