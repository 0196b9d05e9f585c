package io.tcpfleet.collector.parse;

import java.nio.charset.StandardCharsets;

/** Builds rows exactly as the kernel prints them (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c). */
final class KernelRows {

    static final String V4_HEADER = String.format("%-149s\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
    static final String V6_HEADER = "  sl  local_address                         remote_address                        st"
            + " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    private final StringBuilder out = new StringBuilder();
    private final boolean littleEndian;
    private int slV4;
    private int slV6;

    KernelRows(boolean littleEndian) {
        this.littleEndian = littleEndian;
    }

    KernelRows() {
        this(true);
    }

    KernelRows v4Header() {
        out.append(V4_HEADER);
        return this;
    }

    KernelRows v6Header() {
        out.append(V6_HEADER);
        return this;
    }

    /** A full (17-token) IPv4 socket row. */
    KernelRows v4(String local, int lport, String remote, int rport, int state, int rxQueue) {
        String row = String.format("%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08X %08X %5d %8d %d %d %s %d %d %d %d %d",
                slV4++, word4(local), lport, word4(remote), rport, state, 0, rxQueue, 0, 0, 0, 1000, 0,
                100000 + slV4, 1, "0000000000000000", 100, 0, 0, 10, 0);
        out.append(String.format("%-149s\n", row));
        return this;
    }

    /** A TIME_WAIT (12-token) IPv4 row; {@code subState} 06, or 05 for an orphaned FIN_WAIT2. */
    KernelRows v4TimeWait(String local, int lport, String remote, int rport, int subState) {
        String row = String.format("%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08X %08X %5d %8d %d %d %s",
                slV4++, word4(local), lport, word4(remote), rport, subState, 0, 0, 3, 0x1770, 0, 0, 0, 0, 3,
                "0000000000000000");
        out.append(String.format("%-149s\n", row));
        return this;
    }

    /** A full IPv6 row (not padded, as the kernel prints it). */
    KernelRows v6(String local, int lport, String remote, int rport, int state, int rxQueue) {
        out.append(String.format("%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08X %08X %5d %8d %d %d %s %d %d %d %d %d\n",
                slV6++, word6(local), lport, word6(remote), rport, state, 0, rxQueue, 0, 0, 0, 1000, 0,
                200000 + slV6, 1, "0000000000000000", 100, 0, 0, 10, 0));
        return this;
    }

    KernelRows raw(String line) {
        out.append(line);
        return this;
    }

    String text() {
        return out.toString();
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String word(byte[] a, int off) {
        int w = (a[off] & 0xFF) << 24 | (a[off + 1] & 0xFF) << 16 | (a[off + 2] & 0xFF) << 8 | (a[off + 3] & 0xFF);
        return String.format("%08X", littleEndian ? Integer.reverseBytes(w) : w);
    }

    private String word4(String ip) {
        return word(address(ip), 0);
    }

    private String word6(String ip) {
        byte[] a = address(ip);
        if (a.length == 4) {
            throw new IllegalArgumentException("use an IPv6 literal: " + ip);
        }
        return word(a, 0) + word(a, 4) + word(a, 8) + word(a, 12);
    }

    private static byte[] address(String ip) {
        try {
            // IPv4-mapped literals parse to Inet4Address; widen them back.
            byte[] a = java.net.InetAddress.getByName(ip).getAddress();
            if (a.length == 4 && ip.contains(":")) {
                byte[] m = new byte[16];
                m[10] = (byte) 0xFF;
                m[11] = (byte) 0xFF;
                System.arraycopy(a, 0, m, 12, 4);
                return m;
            }
            return a;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
