package io.tcpfleet.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, realistic {@code cat /proc/net/tcp /proc/net/tcp6} dump of a busy
 * server in the kernel's exact format: IPv4 rows padded to 149 characters, 17-token rows for full
 * sockets and 12-token rows for TIME_WAIT and request (SYN_RECV) sockets, listeners before
 * connections in each file, IPv6 rows unpadded with some IPv4-mapped ones.
 *
 * <p>Usage: {@code DumpGenerator OUTFILE SOCKETS [SEED]}.
 */
public final class DumpGenerator {

    static final String V4_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    static final String V6_HEADER = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private static final int LISTEN_PORTS_V4 = 20;
    private static final int LISTEN_PORTS_V6 = 10;
    private static final int CLIENTS = 3000;
    private static final int SERVICES = 200;

    private final SplittableRandom random;
    private final int[] listenPorts = new int[LISTEN_PORTS_V4 + LISTEN_PORTS_V6];
    private final int[] clients = new int[CLIENTS];
    private final long[] clients6 = new long[CLIENTS / 10];
    private final int[] serviceIp = new int[SERVICES];
    private final int[] servicePort = new int[SERVICES];
    private final int localIp = 0x0A000001; // 10.0.0.1
    private int slV4;
    private int slV6;

    DumpGenerator(long seed) {
        random = new SplittableRandom(seed);
        int[] wellKnown = {22, 25, 53, 80, 111, 443, 3000, 3306, 5432, 5672, 6379, 8000, 8080, 8443, 9000,
                9090, 9100, 9200, 9300, 11211, 15672, 25565, 27017, 2379, 2380, 4369, 1883, 8883, 10250, 10255};
        System.arraycopy(wellKnown, 0, listenPorts, 0, listenPorts.length);
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = 0x0A000000 | random.nextInt(1 << 20);
        }
        for (int i = 0; i < clients6.length; i++) {
            clients6[i] = random.nextLong();
        }
        int[] servicePorts = {5432, 6379, 3306, 443, 9200, 11211, 9092, 8080, 27017, 53};
        for (int i = 0; i < SERVICES; i++) {
            serviceIp[i] = 0x0A640000 | random.nextInt(1 << 16);
            servicePort[i] = servicePorts[i % servicePorts.length];
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DumpGenerator OUTFILE SOCKETS [SEED]");
            System.exit(2);
        }
        long sockets = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261124L;
        Path out = Path.of(args[0]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            new DumpGenerator(seed).write(os, sockets);
        }
        System.err.printf("wrote %s: %d sockets, %d bytes%n", out, sockets, Files.size(out));
    }

    /** States by weight for connections (per cent). */
    private int pickState() {
        int r = random.nextInt(100);
        if (r < 55) return 0x01;       // ESTABLISHED
        if (r < 80) return 0x06;       // TIME_WAIT
        if (r < 88) return 0x08;       // CLOSE_WAIT
        if (r < 91) return 0x03;       // SYN_RECV
        if (r < 93) return 0x02;       // SYN_SENT
        if (r < 95) return 0x04;       // FIN_WAIT1
        if (r < 97) return 0x05;       // FIN_WAIT2
        if (r < 99) return 0x09;       // LAST_ACK
        return 0x0B;                   // CLOSING
    }

    void write(OutputStream os, long sockets) throws IOException {
        long connections = Math.max(0, sockets - listenPorts.length);
        long v6 = connections * 15 / 100;
        long v4 = connections - v6;
        StringBuilder b = new StringBuilder(256);
        line(os, b.append(V4_HEADER), true);
        for (int i = 0; i < LISTEN_PORTS_V4; i++) {
            int queue = i % 7 == 3 ? random.nextInt(20) : 0;
            v4Row(os, b, 0, listenPorts[i], 0, 0, 0x0A, queue);
        }
        for (long i = 0; i < v4; i++) {
            connection(os, b, false);
        }
        line(os, b.append(V6_HEADER), false);
        for (int i = LISTEN_PORTS_V4; i < listenPorts.length; i++) {
            v6Row(os, b, 0, 0, listenPorts[i], 0, 0, 0, 0x0A, 0);
        }
        for (long i = 0; i < v6; i++) {
            connection(os, b, true);
        }
    }

    private void connection(OutputStream os, StringBuilder b, boolean v6) throws IOException {
        int state = pickState();
        boolean inbound = state == 0x03 || (state != 0x02 && random.nextInt(100) < 60);
        int lport;
        int rport;
        int rip;
        if (inbound) {
            int[] pool = listenPorts;
            lport = v6 ? pool[LISTEN_PORTS_V4 + random.nextInt(LISTEN_PORTS_V6)] : pool[random.nextInt(LISTEN_PORTS_V4)];
            rip = clients[random.nextInt(CLIENTS)];
            rport = 32768 + random.nextInt(28232);
        } else {
            lport = 32768 + random.nextInt(28232);
            int s = random.nextInt(SERVICES);
            rip = serviceIp[s];
            rport = servicePort[s];
        }
        if (!v6) {
            v4Row(os, b, localIp, lport, rip, rport, state, 0);
        } else if (random.nextInt(3) == 0) {
            // An IPv4 peer of a dual-stack socket: ::ffff:a.b.c.d on both ends.
            v6Row(os, b, 0, 0x0000FFFF00000000L | localIp, lport, 0, 0x0000FFFF00000000L | (rip & 0xFFFFFFFFL), rport, state, 0);
        } else {
            long hi = 0x20010DB800000000L;
            long peer = inbound ? clients6[random.nextInt(clients6.length)] : 0x0000000000000100L + (rip & 0xFF);
            v6Row(os, b, hi, 1, lport, hi | 0x100, peer, rport, state, 0);
        }
    }

    /** A word of the address as a little-endian kernel prints it: the bytes of the network-order int reversed. */
    private static void word(StringBuilder b, int networkOrder) {
        hex(b, Integer.reverseBytes(networkOrder), 8);
    }

    private static void hex(StringBuilder b, long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(Character.toUpperCase(Character.forDigit((int) (v >>> shift) & 0xF, 16)));
        }
    }

    private static void pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
        b.append(s);
    }

    private void tail(StringBuilder b, int state, int rxQueue) {
        b.append(' ');
        hex(b, 0, 8);
        b.append(':');
        hex(b, rxQueue, 8);
        b.append(' ');
        boolean mini = state == 0x06 || state == 0x03; // TIME_WAIT and request socks: 12 tokens
        if (mini) {
            b.append(state == 0x06 ? "03:" : "02:");
            hex(b, random.nextInt(6000), 8);
            b.append(' ');
            hex(b, 0, 8);
            b.append(' ');
            pad(b, state == 0x06 ? 0 : 1000, 5);
            b.append(' ');
            pad(b, 0, 8);
            b.append(" 0 ").append(state == 0x06 ? 3 : 0).append(" 0000000000000000");
        } else {
            b.append("00:");
            hex(b, 0, 8);
            b.append(' ');
            hex(b, 0, 8);
            b.append(' ');
            pad(b, 1000, 5);
            b.append(' ');
            pad(b, 0, 8);
            b.append(' ').append(100000 + random.nextInt(9_000_000)).append(" 1 0000000000000000 20 4 30 10 -1");
        }
    }

    private void v4Row(OutputStream os, StringBuilder b, int lip, int lport, int rip, int rport, int state, int rx)
            throws IOException {
        pad(b, slV4++, 4);
        b.append(": ");
        word(b, lip);
        b.append(':');
        hex(b, lport, 4);
        b.append(' ');
        word(b, rip);
        b.append(':');
        hex(b, rport, 4);
        b.append(' ');
        hex(b, state, 2);
        tail(b, state, rx);
        line(os, b, true);
    }

    private void v6Row(OutputStream os, StringBuilder b, long lhi, long llo, int lport, long rhi, long rlo, int rport,
                       int state, int rx) throws IOException {
        pad(b, slV6++, 4);
        b.append(": ");
        address6(b, lhi, llo);
        b.append(':');
        hex(b, lport, 4);
        b.append(' ');
        address6(b, rhi, rlo);
        b.append(':');
        hex(b, rport, 4);
        b.append(' ');
        hex(b, state, 2);
        tail(b, state, rx);
        line(os, b, false);
    }

    private static void address6(StringBuilder b, long hi, long lo) {
        word(b, (int) (hi >>> 32));
        word(b, (int) hi);
        word(b, (int) (lo >>> 32));
        word(b, (int) lo);
    }

    /** Ends a line: IPv4 lines are padded to 149 characters, as seq_setwidth/seq_pad do. */
    private static void line(OutputStream os, StringBuilder b, boolean padded) throws IOException {
        if (padded) {
            while (b.length() < 149) {
                b.append(' ');
            }
        }
        b.append('\n');
        os.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        b.setLength(0);
    }
}
