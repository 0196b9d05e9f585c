package io.tcpfleet.benchmarks;

import io.tcpfleet.testkit.KernelRows;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, realistic {@code cat /proc/net/tcp /proc/net/tcp6} dump of a busy
 * server through {@link KernelRows}: listeners first in each file, then connections in random
 * order; 15 % of connections in tcp6, a third of those IPv4-mapped.
 *
 * <p>Peers: {@code busy} (default) draws clients from 3,000 addresses and services from 200;
 * {@code distinct} gives every connection a peer of its own (a host with as many distinct peers as
 * sockets, e.g. behind a load balancer that spreads clients over a /8).
 *
 * <p>Usage: {@code DumpGenerator OUTFILE SOCKETS [SEED] [busy|distinct]}.
 */
public final class DumpGenerator {

    private static final int LISTEN_PORTS_V4 = 20;
    private static final int LISTEN_PORTS_V6 = 10;
    private static final int CLIENTS = 3000;
    private static final int SERVICES = 200;
    private static final long V6_NET = 0x20010DB800000000L;
    private static final int LOCAL_IP = 0x0A000001; // 10.0.0.1

    private final SplittableRandom random;
    private final boolean distinct;
    private final KernelRows rows = new KernelRows();
    private final int[] listenPorts = {22, 25, 53, 80, 111, 443, 3000, 3306, 5432, 5672, 6379, 8000, 8080,
            8443, 9000, 9090, 9100, 9200, 9300, 11211, 15672, 25565, 27017, 2379, 2380, 4369, 1883, 8883,
            10250, 10255};
    private final int[] clients = new int[CLIENTS];
    private final long[] clients6 = new long[CLIENTS / 10];
    private final int[] serviceIp = new int[SERVICES];
    private final int[] servicePort = new int[SERVICES];
    private long connection; // index of the current connection: the distinct peer's number

    DumpGenerator(long seed, boolean distinct) {
        this.random = new SplittableRandom(seed);
        this.distinct = distinct;
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
        if (args.length < 2 || args.length > 4 || (args.length == 4 && !args[3].matches("busy|distinct"))) {
            System.err.println("usage: DumpGenerator OUTFILE SOCKETS [SEED] [busy|distinct]");
            System.exit(2);
        }
        long sockets = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261124L;
        boolean distinct = args.length > 3 && args[3].equals("distinct");
        Path out = Path.of(args[0]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            new DumpGenerator(seed, distinct).write(os, sockets);
        }
        System.err.printf("wrote %s: %d sockets, %d bytes, %s peers%n", out, sockets, Files.size(out),
                distinct ? "distinct" : "busy");
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
        rows.v4Header();
        for (int i = 0; i < LISTEN_PORTS_V4; i++) {
            int queue = i % 7 == 3 ? random.nextInt(20) : 0;
            rows.v4(0, listenPorts[i], 0, 0, KernelRows.LISTEN, queue);
        }
        for (long i = 0; i < v4; i++) {
            connection(false);
            flushSometimes(os);
        }
        rows.v6Header();
        for (int i = LISTEN_PORTS_V4; i < listenPorts.length; i++) {
            rows.v6(0, 0, listenPorts[i], 0, 0, 0, KernelRows.LISTEN, 0);
        }
        for (long i = 0; i < v6; i++) {
            connection(true);
            flushSometimes(os);
        }
        rows.drainTo(os);
    }

    private void flushSometimes(OutputStream os) throws IOException {
        if ((connection & 1023) == 0) {
            rows.drainTo(os);
        }
    }

    private void connection(boolean v6) {
        long n = connection++;
        int state = pickState();
        boolean inbound = state == 0x03 || (state != 0x02 && random.nextInt(100) < 60);
        int lport;
        int rport;
        int rip;
        if (inbound) {
            lport = v6 ? listenPorts[LISTEN_PORTS_V4 + random.nextInt(LISTEN_PORTS_V6)]
                    : listenPorts[random.nextInt(LISTEN_PORTS_V4)];
            rip = distinct ? scatter(n) : clients[random.nextInt(CLIENTS)];
            rport = 32768 + random.nextInt(28232);
        } else {
            lport = 32768 + random.nextInt(28232);
            int s = random.nextInt(SERVICES);
            rip = distinct ? scatter(n) : serviceIp[s];
            rport = servicePort[s];
        }
        if (!v6) {
            row4(LOCAL_IP, lport, rip, rport, state);
        } else if (random.nextInt(3) == 0) {
            // An IPv4 peer of a dual-stack socket: ::ffff:a.b.c.d on both ends.
            row6(0, KernelRows.mapped(LOCAL_IP), lport, 0, KernelRows.mapped(rip), rport, state);
        } else {
            long peer = distinct ? n : inbound ? clients6[random.nextInt(clients6.length)] : 0x100L + (rip & 0xFF);
            row6(V6_NET, 1, lport, V6_NET | 0x100, peer, rport, state);
        }
    }

    /** Distinct peer number n as an address in 10.0.0.0/8, spread over it (an odd multiplier is a bijection). */
    private static int scatter(long n) {
        return 0x0A000000 | (int) ((n * 0x9E3779B1L) & 0xFFFFFF);
    }

    private void row4(int lip, int lport, int rip, int rport, int state) {
        switch (state) {
            case KernelRows.TIME_WAIT -> rows.v4TimeWait(lip, lport, rip, rport, state);
            case KernelRows.SYN_RECV -> rows.v4Request(lip, lport, rip, rport);
            default -> rows.v4(lip, lport, rip, rport, state, 0);
        }
    }

    private void row6(long lhi, long llo, int lport, long rhi, long rlo, int rport, int state) {
        switch (state) {
            case KernelRows.TIME_WAIT -> rows.v6TimeWait(lhi, llo, lport, rhi, rlo, rport, state);
            case KernelRows.SYN_RECV -> rows.v6Request(lhi, llo, lport, rhi, rlo, rport);
            default -> rows.v6(lhi, llo, lport, rhi, rlo, rport, state, 0);
        }
    }
}
