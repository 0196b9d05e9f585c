package io.tcpfleet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code cat /proc/net/tcp /proc/net/tcp6} output exactly as the kernel prints it
 * (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c): the one place tests and benchmarks make dumps.
 *
 * <ul>
 *   <li>Full sockets have 17 tokens; TIME_WAIT rows and request (SYN_RECV) sockets have 12.</li>
 *   <li>IPv4 lines (header included) are padded to 149 characters; IPv6 lines are not.</li>
 *   <li>Each 32-bit address word is printed {@code %08X} in the host's byte order: on a
 *       little-endian host 127.0.0.1 is {@code 0100007F}.</li>
 * </ul>
 *
 * <p>Addresses are given as literals ({@code "10.0.0.1"}, {@code "::ffff:10.0.0.7"}) or as numbers
 * in network order (IPv4 as an int, a.b.c.d = a << 24 | ...; IPv6 as two longs). Rows accumulate in
 * memory; {@link #drainTo} streams them out for dumps of millions of rows.
 */
public final class KernelRows {

    /** Kernel IPv4 lines: 149 characters before the newline. */
    public static final int V4_WIDTH = 149;
    public static final String V4_HEADER = pad(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode") + "\n";
    public static final String V6_HEADER = "  sl  local_address                         remote_address                        st"
            + " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    public static final int ESTABLISHED = 0x01;
    public static final int SYN_SENT = 0x02;
    public static final int SYN_RECV = 0x03;
    public static final int TIME_WAIT = 0x06;
    public static final int CLOSE_WAIT = 0x08;
    public static final int LISTEN = 0x0A;

    private static final long MAPPED = 0x0000FFFF00000000L;
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(4096);
    private final boolean swap;
    private int slV4;
    private int slV6;
    private int inode = 100_000;

    /** Rows of a host with this CPU byte order. */
    public KernelRows(ByteOrder order) {
        this.swap = order == ByteOrder.LITTLE_ENDIAN;
    }

    /** Rows of a little-endian host (x86, arm64). */
    public KernelRows() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /** A small sshd host: a listener on 22 with {@code acceptQueue} queued, one client, one TIME_WAIT. */
    public static String sshServer(int acceptQueue) {
        return new KernelRows().v4Header()
                .v4("0.0.0.0", 22, "0.0.0.0", 0, LISTEN, acceptQueue)
                .v4("127.0.0.1", 22, "127.0.0.1", 0xA000, ESTABLISHED, 0)
                .v4TimeWait("127.0.0.1", 0xA001, "127.0.0.1", 22, TIME_WAIT)
                .text();
    }

    public KernelRows v4Header() {
        out.append(V4_HEADER);
        return this;
    }

    public KernelRows v6Header() {
        out.append(V6_HEADER);
        return this;
    }

    /** A full (17-token) IPv4 socket row in any state. */
    public KernelRows v4(String local, int lport, String remote, int rport, int state, int rxQueue) {
        return v4(ipv4(local), lport, ipv4(remote), rport, state, rxQueue);
    }

    public KernelRows v4(int local, int lport, int remote, int rport, int state, int rxQueue) {
        v4Start(local, lport, remote, rport, state, rxQueue);
        fullTail();
        return endV4();
    }

    /** A TIME_WAIT (12-token) IPv4 row; {@code subState} 06, or 05 for an orphaned FIN_WAIT2. */
    public KernelRows v4TimeWait(String local, int lport, String remote, int rport, int subState) {
        return v4TimeWait(ipv4(local), lport, ipv4(remote), rport, subState);
    }

    public KernelRows v4TimeWait(int local, int lport, int remote, int rport, int subState) {
        v4Start(local, lport, remote, rport, subState, 0);
        timeWaitTail();
        return endV4();
    }

    /** A request socket (12 tokens, state 03): a handshake the host answered, not yet accepted. */
    public KernelRows v4Request(int local, int lport, int remote, int rport) {
        v4Start(local, lport, remote, rport, SYN_RECV, 0);
        requestTail();
        return endV4();
    }

    /** A full IPv6 row (not padded, as the kernel prints it). */
    public KernelRows v6(String local, int lport, String remote, int rport, int state, int rxQueue) {
        long[] l = ipv6(local);
        long[] r = ipv6(remote);
        return v6(l[0], l[1], lport, r[0], r[1], rport, state, rxQueue);
    }

    public KernelRows v6(long lhi, long llo, int lport, long rhi, long rlo, int rport, int state, int rxQueue) {
        v6Start(lhi, llo, lport, rhi, rlo, rport, state, rxQueue);
        fullTail();
        return endV6();
    }

    public KernelRows v6TimeWait(long lhi, long llo, int lport, long rhi, long rlo, int rport, int subState) {
        v6Start(lhi, llo, lport, rhi, rlo, rport, subState, 0);
        timeWaitTail();
        return endV6();
    }

    public KernelRows v6Request(long lhi, long llo, int lport, long rhi, long rlo, int rport) {
        v6Start(lhi, llo, lport, rhi, rlo, rport, SYN_RECV, 0);
        requestTail();
        return endV6();
    }

    /** Any text, as is (a malformed line, say). */
    public KernelRows raw(String text) {
        out.append(text);
        return this;
    }

    public String text() {
        return out.toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The rows written so far, one string per line without its newline. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(List.of(text().split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline
        return lines;
    }

    /** Writes what accumulated to {@code os} and forgets it (the row numbers go on). */
    public void drainTo(OutputStream os) throws IOException {
        byte[] b = new byte[out.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) out.charAt(i);
        }
        os.write(b);
        out.setLength(0);
    }

    /** {@code ::ffff:a.b.c.d} as the low half of an IPv6 address (the high half is 0). */
    public static long mapped(int ipv4) {
        return MAPPED | (ipv4 & 0xFFFFFFFFL);
    }

    // ---- the kernel's format strings -------------------------------------------------------------

    private int lineStart;

    /** {@code "%4d: %08X:%04X %08X:%04X %02X %08X:%08X "} (tx_queue 0). */
    private void v4Start(int local, int lport, int remote, int rport, int state, int rxQueue) {
        lineStart = out.length();
        slot(slV4++);
        word(local);
        endpointRest(lport);
        word(remote);
        endpointRest(rport);
        stateAndQueues(state, rxQueue);
    }

    private void v6Start(long lhi, long llo, int lport, long rhi, long rlo, int rport, int state, int rxQueue) {
        lineStart = out.length();
        slot(slV6++);
        address6(lhi, llo);
        endpointRest(lport);
        address6(rhi, rlo);
        endpointRest(rport);
        stateAndQueues(state, rxQueue);
    }

    private void slot(int sl) {
        padLeft(Integer.toString(sl), 4);
        out.append(": ");
    }

    private void endpointRest(int port) {
        out.append(':');
        hex(port, 4);
        out.append(' ');
    }

    private void stateAndQueues(int state, int rxQueue) {
        hex(state, 2);
        out.append(' ');
        hex(0, 8);
        out.append(':');
        hex(rxQueue, 8);
        out.append(' ');
    }

    /** {@code "%02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d"} of get_tcp4_sock. */
    private void fullTail() {
        out.append("00:00000000 00000000 ");
        padLeft("1000", 5);
        out.append(' ');
        padLeft("0", 8);
        out.append(' ').append(inode++).append(" 1 0000000000000000 20 4 30 10 -1");
    }

    /** get_timewait4_sock: timer 3 with its expiry, no uid, no inode, refcount 3. */
    private void timeWaitTail() {
        out.append("03:00001770 00000000 ");
        padLeft("0", 5);
        out.append(' ');
        padLeft("0", 8);
        out.append(" 0 3 0000000000000000");
    }

    /** get_openreq4: timer 1, the listener's uid, no inode. */
    private void requestTail() {
        out.append("01:00000064 00000000 ");
        padLeft("1000", 5);
        out.append(' ');
        padLeft("0", 8);
        out.append(" 0 0 0000000000000000");
    }

    private KernelRows endV4() {
        while (out.length() - lineStart < V4_WIDTH) {
            out.append(' ');
        }
        out.append('\n');
        return this;
    }

    private KernelRows endV6() {
        out.append('\n');
        return this;
    }

    /** One 32-bit address word given in network order, printed in the host's order. */
    private void word(int networkOrder) {
        hex((swap ? Integer.reverseBytes(networkOrder) : networkOrder) & 0xFFFFFFFFL, 8);
    }

    private void address6(long hi, long lo) {
        word((int) (hi >>> 32));
        word((int) hi);
        word((int) (lo >>> 32));
        word((int) lo);
    }

    private void hex(long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(DIGITS[(int) (v >>> shift) & 0xF]);
        }
    }

    private void padLeft(String s, int width) {
        for (int i = s.length(); i < width; i++) {
            out.append(' ');
        }
        out.append(s);
    }

    private static String pad(String s) {
        return s + " ".repeat(Math.max(0, V4_WIDTH - s.length()));
    }

    // ---- address literals ------------------------------------------------------------------------

    private static int ipv4(String literal) {
        byte[] a = address(literal);
        if (a.length != 4 || literal.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not an IPv4 literal: " + literal);
        }
        return int4(a);
    }

    private static int int4(byte[] a) {
        return (a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | (a[3] & 0xFF);
    }

    private static long[] ipv6(String literal) {
        if (literal.indexOf(':') < 0) {
            throw new IllegalArgumentException("use an IPv6 literal: " + literal);
        }
        byte[] a = address(literal);
        if (a.length == 4) { // Java parses IPv4-mapped literals to Inet4Address: widen them back
            return new long[] {0, mapped(int4(a))};
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (a[i] & 0xFF);
            lo = lo << 8 | (a[i + 8] & 0xFF);
        }
        return new long[] {hi, lo};
    }

    private static byte[] address(String literal) {
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + literal); // never resolve names
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
