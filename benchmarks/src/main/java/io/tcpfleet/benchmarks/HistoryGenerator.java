package io.tcpfleet.benchmarks;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a tcpfleet database with a fleet's history through the real {@link SampleStore}: HOSTS
 * hosts, one sweep every INTERVAL seconds for DAYS days, ending now. Every 50th host leaks
 * CLOSE_WAIT, every 70th has a TIME_WAIT storm toward one peer; the rest wander around a baseline.
 * History samples carry the state counts (as a states-only collector stores them); the last sweep
 * also carries ports and peers.
 *
 * <pre>HistoryGenerator DATA_DIR HOSTS DAYS INTERVAL_SECONDS</pre>
 */
public final class HistoryGenerator {

    /** $PAUSE_MS: sleep between sweeps, to see the store's background maintenance at work. */
    static final long PAUSE_MS = Long.parseLong(System.getenv().getOrDefault("PAUSE_MS", "0"));

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int hosts = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        int interval = Integer.parseInt(args[3]);
        long sweeps = days * 86400L / interval;
        Instant end = Instant.now();
        Random random = new Random(20261125);
        List<Host> fleet = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            fleet.add(Host.ssh(String.format("host%04d", h), "10.1." + (h / 250) + "." + (1 + h % 250), 22, null));
        }
        long t0 = System.nanoTime();
        SampleStore store = SampleStore.openDefault(dir);
        try {
            for (long s = 0; s < sweeps; s++) {
                if (s > 0 && s % 1000 == 0) {
                    // A burst leaves no idle time for MVStore's background compaction: compact now and then.
                    store.close();
                    compact(dir);
                    store = SampleStore.openDefault(dir);
                }
                Instant at = end.minusSeconds((sweeps - 1 - s) * interval);
                boolean last = s == sweeps - 1;
                List<PollResult> results = new ArrayList<>(hosts);
                for (int h = 0; h < hosts; h++) {
                    results.add(PollResult.ok(fleet.get(h), at, Duration.ofMillis(20 + random.nextInt(30)),
                            tally(h, s, sweeps, random, last), null));
                }
                store.writeSweep(at, at, results);
                if (PAUSE_MS > 0) {
                    try {
                        Thread.sleep(PAUSE_MS); // idle time between sweeps, as a daemon has
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (s % 500 == 0) {
                    System.err.printf("%d/%d sweeps, %.0f s%n", s, sweeps, (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            store.close();
        }
        compact(dir);
        System.err.printf("wrote %d samples in %.0f s%n", sweeps * hosts, (System.nanoTime() - t0) / 1e9);
    }

    static void compact(Path dir) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("tcpfleet").toAbsolutePath(), "sa", "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static SocketTally tally(int h, long s, long sweeps, Random r, boolean breakdowns) {
        long[] c = new long[TcpState.COUNT];
        c[TcpState.LISTEN.ordinal()] = 8;
        c[TcpState.ESTABLISHED.ordinal()] = 300 + h % 200 + r.nextInt(40);
        c[TcpState.TIME_WAIT.ordinal()] = 100 + r.nextInt(60);
        c[TcpState.CLOSE_WAIT.ordinal()] = r.nextInt(3);
        c[TcpState.FIN_WAIT2.ordinal()] = r.nextInt(5);
        if (h % 50 == 0) {
            c[TcpState.CLOSE_WAIT.ordinal()] = 2 + s * 300 / sweeps; // a slow leak over the whole history
        }
        if (h % 70 == 0) {
            c[TcpState.TIME_WAIT.ordinal()] = 9000 + r.nextInt(500);
        }
        StateCounts states = StateCounts.of(c);
        List<PortTally> ports = new ArrayList<>();
        List<PeerTally> peers = new ArrayList<>();
        if (breakdowns) {
            long[] web = new long[TcpState.COUNT];
            web[TcpState.ESTABLISHED.ordinal()] = c[TcpState.ESTABLISHED.ordinal()] / 2;
            web[TcpState.CLOSE_WAIT.ordinal()] = c[TcpState.CLOSE_WAIT.ordinal()];
            web[TcpState.LISTEN.ordinal()] = 1;
            ports.add(new PortTally(8080, 1, 0, StateCounts.of(web)));
            long[] db = new long[TcpState.COUNT];
            db[TcpState.TIME_WAIT.ordinal()] = c[TcpState.TIME_WAIT.ordinal()] * 9 / 10;
            db[TcpState.ESTABLISHED.ordinal()] = 20;
            peers.add(new PeerTally("10.9.0." + (1 + h % 5), 5432, false, 1, StateCounts.of(db)));
        }
        return new SocketTally(states, states.total(), 0, ports, peers, null, new ParseStats(0, 0, 2, 0, 0, null));
    }

    private HistoryGenerator() {
    }
}
