package io.tcpfleet.benchmarks;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.OpenMode;
import io.tcpfleet.storage.SampleStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills a database with HOSTS hosts x DAYS days of samples fast enough for 10,000 hosts (14.4 M
 * samples a day at 60 s): the first and the last sweep go through the real {@link SampleStore}
 * (hosts, partitions, every host's latest sample and its exact breakdown, as a collector leaves
 * them), the sweeps between are loaded in bulk into the same tables: PostgreSQL's COPY, or batched
 * INSERTs on H2. The samples are {@link HistoryGenerator#tally}'s, state counts only, as a
 * states-only collector stores its history.
 *
 * <pre>BulkHistoryLoader JDBC_URL HOSTS DAYS INTERVAL_SECONDS</pre>
 * The password, if any, comes from {@code TCPFLEET_DB_PASSWORD}.
 */
public final class BulkHistoryLoader {

    private static final String COLUMNS = "host_id, sweep_id, ts, duration_ms, status, bytes, "
            + TcpState.COUNTED.stream().map(s -> "st_" + s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
            + ", st_total, ipv4, ipv6, lines, headers, malformed, first_bad_line";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    /** Sweeps per COPY (PostgreSQL) or per commit (H2). */
    private static final int CHUNK = 30;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int hosts = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        int interval = Integer.parseInt(args[3]);
        String password = System.getenv("TCPFLEET_DB_PASSWORD");
        long sweeps = days * 86400L / interval;
        Instant end = Instant.now();
        Random random = new Random(20261125);
        List<Host> fleet = new ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            fleet.add(Host.ssh(String.format("host%05d", h), "10.1." + (h / 250) + "." + (1 + h % 250), 22, null));
        }
        long t0 = System.nanoTime();
        Instant first = end.minusSeconds((sweeps - 1) * interval);
        try (SampleStore store = SampleStore.open(url, password, OpenMode.CREATE)) {
            store.maintain(end, null); // PostgreSQL: today's partitions (the first sweep makes its own day's)
            store.writeSweep(first, first, sweep(fleet, 0, sweeps, random, false, first));
        }
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url, login(url, password))) {
            Map<String, Long> ids = hostIds(c);
            boolean pg = url.startsWith("jdbc:postgresql:");
            if (!pg) {
                // H2 updates its B-trees row by row: 10,000 hosts' rows land all over (host_id, ts) every
                // sweep. Built afterwards from sorted runs, the same indexes cost a fraction of that.
                execute(c, "DROP INDEX sample_host_ts", "DROP INDEX sample_ts");
            }
            c.setAutoCommit(false);
            for (long s = 1; s < sweeps - 1; s += CHUNK) {
                long to = Math.min(sweeps - 1, s + CHUNK);
                rows += pg ? copy(c, fleet, ids, s, to, sweeps, end, interval, random)
                        : insert(c, fleet, ids, s, to, sweeps, end, interval, random);
                c.commit();
                if ((s - 1) % (CHUNK * 4) == 0) {
                    System.err.printf("%d/%d sweeps, %.0f s%n", to, sweeps, (System.nanoTime() - t0) / 1e9);
                }
            }
            c.setAutoCommit(true);
            if (!pg) {
                System.err.printf("indexing, %.0f s%n", (System.nanoTime() - t0) / 1e9);
                execute(c, "CREATE INDEX sample_host_ts ON sample (host_id, ts)", "CREATE INDEX sample_ts ON sample (ts)");
            }
            if (pg) {
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM ANALYZE");
                }
            }
        }
        try (SampleStore store = SampleStore.open(url, password, OpenMode.EXISTING)) {
            store.writeSweep(end, end, sweep(fleet, sweeps - 1, sweeps, random, true, end));
        }
        if (url.startsWith("jdbc:h2:file:")) {
            compact(url);
        }
        System.err.printf("wrote %d samples (%d in bulk) in %.1f s%n", sweeps * hosts, rows, (System.nanoTime() - t0) / 1e9);
    }

    private static List<PollResult> sweep(List<Host> fleet, long s, long sweeps, Random random, boolean breakdowns, Instant at) {
        List<PollResult> results = new ArrayList<>(fleet.size());
        for (int h = 0; h < fleet.size(); h++) {
            results.add(PollResult.ok(fleet.get(h), at, Duration.ofMillis(20 + random.nextInt(30)),
                    HistoryGenerator.tally(h, s, sweeps, random, breakdowns), null));
        }
        return results;
    }

    private static java.util.Properties login(String url, String password) {
        java.util.Properties p = new java.util.Properties();
        if (url.startsWith("jdbc:h2:")) {
            p.setProperty("user", "sa");
        }
        p.setProperty("password", password == null ? "" : password);
        return p;
    }

    private static Map<String, Long> hostIds(Connection c) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM host")) {
            while (rs.next()) {
                ids.put(rs.getString(2), rs.getLong(1));
            }
        }
        return ids;
    }

    private static long sweepRow(Connection c, Instant at, int hosts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sweep (started_at, finished_at, hosts_ok, hosts_failed)"
                + " VALUES (?, ?, ?, 0)", new String[] {"id"})) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, at.toEpochMilli());
            ps.setInt(3, hosts);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One sample's values in {@link #COLUMNS}' order. */
    private static long[] values(long hostId, long sweepId, long ts, int h, long s, long sweeps, Random random) {
        SocketTally t = HistoryGenerator.tally(h, s, sweeps, random, false);
        StateCounts c = t.states();
        long[] v = new long[COLUMN_COUNT];
        int i = 0;
        v[i++] = hostId;
        v[i++] = sweepId;
        v[i++] = ts;
        v[i++] = 20 + random.nextInt(30);
        v[i++] = -1; // status: 'OK', written as text
        v[i++] = t.parse().bytes();
        for (TcpState st : TcpState.COUNTED) {
            v[i++] = c.get(st);
        }
        v[i++] = t.total();
        v[i++] = t.ipv4();
        v[i++] = t.ipv6();
        v[i++] = t.parse().lines();
        v[i++] = t.parse().headers();
        v[i++] = t.parse().malformed();
        v[i] = t.parse().firstBadLine();
        return v;
    }

    private static long copy(Connection c, List<Host> fleet, Map<String, Long> ids, long from, long to, long sweeps,
                             Instant end, int interval, Random random) throws SQLException {
        long[] sweepIds = new long[(int) (to - from)];
        for (long s = from; s < to; s++) { // before the COPY: the connection does nothing else meanwhile
            sweepIds[(int) (s - from)] = sweepRow(c, end.minusSeconds((sweeps - 1 - s) * interval), fleet.size());
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY sample (" + COLUMNS + ") FROM STDIN WITH (FORMAT text)");
        long rows = 0;
        try {
            StringBuilder line = new StringBuilder(256);
            for (long s = from; s < to; s++) {
                Instant at = end.minusSeconds((sweeps - 1 - s) * interval);
                long sweepId = sweepIds[(int) (s - from)];
                for (int h = 0; h < fleet.size(); h++) {
                    long[] v = values(ids.get(fleet.get(h).name()), sweepId, at.toEpochMilli(), h, s, sweeps, random);
                    line.setLength(0);
                    for (int i = 0; i < v.length; i++) {
                        line.append(i == 0 ? "" : "\t").append(i == 4 ? "OK" : Long.toString(v[i]));
                    }
                    byte[] b = line.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
                    in.writeToCopy(b, 0, b.length);
                    rows++;
                }
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return rows;
    }

    private static long insert(Connection c, List<Host> fleet, Map<String, Long> ids, long from, long to, long sweeps,
                               Instant end, int interval, Random random) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(COLUMN_COUNT, "?"));
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sample (" + COLUMNS + ") VALUES (" + marks + ")")) {
            for (long s = from; s < to; s++) {
                Instant at = end.minusSeconds((sweeps - 1 - s) * interval);
                long sweepId = sweepRow(c, at, fleet.size());
                for (int h = 0; h < fleet.size(); h++) {
                    long[] v = values(ids.get(fleet.get(h).name()), sweepId, at.toEpochMilli(), h, s, sweeps, random);
                    for (int i = 0; i < v.length; i++) {
                        if (i == 4) {
                            ps.setString(i + 1, "OK");
                        } else {
                            ps.setLong(i + 1, v[i]);
                        }
                    }
                    ps.addBatch();
                    rows++;
                }
                ps.executeBatch();
            }
        }
        return rows;
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    private static void compact(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        }
    }

    private BulkHistoryLoader() {
    }
}
