package io.tcpfleet.benchmarks;

import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * Bytes on disk per host-sample: the same fleet's polls ({@link FleetDay}) stored by schema 1's
 * row-per-breakdown layout (the baseline, {@link RowLayoutStore}) and by today's store, on H2 and on
 * a real PostgreSQL 15 ({@link PostgresServer}), beside Zabbix 6.0's {@code history_uint} holding the
 * same 13 numbers per host-sample (one row per item per poll, its real DDL from the
 * zabbix-server-pgsql package). Prints one line per contender and a Markdown table.
 *
 * <pre>StorageSizeBench WORK_DIR HOSTS HOURS INTERVAL_SECONDS</pre>
 */
public final class StorageSizeBench {

    static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    static final long SEED = 20261127;
    /** Zabbix items per host-sample: the 12 counted states and TOTAL, as the templates define them. */
    static final int ZABBIX_ITEMS = TcpState.COUNT + 1;
    /**
     * $PAUSE_MS between H2 sweeps: a daemon has idle time between sweeps, in which MVStore's
     * background thread compacts the file; a burst of writes has none.
     */
    static final long PAUSE_MS = Long.parseLong(System.getenv().getOrDefault("PAUSE_MS", "0"));

    private StorageSizeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--paced")) {
            paced(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
            return;
        }
        Path work = Path.of(args[0]);
        int hosts = Integer.parseInt(args[1]);
        int hours = Integer.parseInt(args[2]);
        int interval = Integer.parseInt(args[3]);
        int sweeps = hours * 3600 / interval;
        long samples = (long) hosts * sweeps;
        System.err.printf("%d hosts x %d sweeps (%d h at %d s) = %d host-samples%n", hosts, sweeps, hours, interval, samples);
        StringBuilder table = new StringBuilder("| store | engine | bytes on disk | bytes per host-sample | GB per 1,000 host-days at 60 s |\n|---|---|---|---|---|\n");
        if (System.getenv("H2_ONLY") != null) { // quick runs while developing
            long[] v2H2 = h2Store(work.resolve("v2-h2"), hosts, sweeps, interval);
            row(table, "today (after), file as left at close", "H2", v2H2[1], samples);
            row(table, "today (after), after SHUTDOWN COMPACT", "H2", v2H2[0], samples);
            System.out.print(table);
            return;
        }
        try (PostgresServer pg = PostgresServer.start()) {
            long[] v1H2 = h2RowLayout(work.resolve("v1-h2"), hosts, sweeps, interval);
            row(table, "schema 1: a row per port and per peer (before), file as left at close", "H2", v1H2[1], samples);
            row(table, "schema 1 (before), after SHUTDOWN COMPACT", "H2", v1H2[0], samples);
            long[] v2H2 = h2Store(work.resolve("v2-h2"), hosts, sweeps, interval);
            row(table, "today (after), file as left at close", "H2", v2H2[1], samples);
            row(table, "today (after), after SHUTDOWN COMPACT", "H2", v2H2[0], samples);
            long v1Pg = pgRowLayout(pg, hosts, sweeps, interval);
            row(table, "schema 1 (before)", "PostgreSQL 15", v1Pg, samples);
            long[] v2Pg = pgStore(pg, hosts, sweeps, interval);
            row(table, "today (after)", "PostgreSQL 15", v2Pg[0], samples);
            long zabbix = zabbix(pg, samples, hosts, interval);
            row(table, "Zabbix 6.0 history_uint, 13 items per host-sample", "PostgreSQL 15", zabbix, samples);
            System.err.printf("breakdowns stored in history: %d of %d samples (%.1f %%); PostgreSQL host table %d bytes%n",
                    v2Pg[1], samples, 100.0 * v2Pg[1] / samples, v2Pg[2]);
        }
        System.out.print(table);
    }

    private static void row(StringBuilder t, String what, String engine, long bytes, long samples) {
        double per = (double) bytes / samples;
        t.append(String.format("| %s | %s | %,d | %.0f | %.2f |%n", what, engine, bytes, per, per * 1440 * 1000 / 1e9));
        System.err.printf("%s, %s: %d bytes, %.0f per host-sample%n", what, engine, bytes, per);
    }

    /** Schema 1 on H2, written as its store did (a checkpoint per sweep); {compacted size, size at close}. */
    private static long[] h2RowLayout(Path dir, int hosts, int sweeps, int interval) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
        FleetDay fleet = new FleetDay(hosts, SEED);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            RowLayoutStore store = new RowLayoutStore(c);
            for (int s = 0; s < sweeps; s++) {
                store.writeSweep(fleet.sweep(START.plusSeconds((long) s * interval)));
                try (Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                pause();
                progress("schema 1, H2", s, sweeps);
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("SHUTDOWN"); // as SampleStore.close() does
            }
        }
        return compacted(url, dir);
    }

    /** Today's store on H2, through SampleStore; returns {compacted size, size as written}. */
    private static long[] h2Store(Path dir, int hosts, int sweeps, int interval) throws Exception {
        FleetDay fleet = new FleetDay(hosts, SEED);
        try (SampleStore store = SampleStore.openDefault(dir)) {
            for (int s = 0; s < sweeps; s++) {
                Instant at = START.plusSeconds((long) s * interval);
                store.writeSweep(at, at, fleet.sweep(at));
                pause();
                progress("today, H2", s, sweeps);
            }
        }
        return compacted("jdbc:h2:file:" + dir.resolve("tcpfleet").toAbsolutePath(), dir);
    }

    /**
     * A daemon's pace: {@code pauseMs} between sweeps (more than MVStore's 45 s chunk retention, so
     * that a sweep's garbage can be reused by the next, as at a 60 s interval), the file's size after
     * each sweep, for both layouts. The growth once steady is what a host-sample costs on disk.
     */
    static void paced(Path work, int hosts, int sweeps, long pauseMs) throws Exception {
        FleetDay rows = new FleetDay(hosts, SEED);
        FleetDay today = new FleetDay(hosts, SEED);
        Path v1 = Files.createDirectories(work.resolve("paced-v1"));
        Path v2 = Files.createDirectories(work.resolve("paced-v2"));
        String url = "jdbc:h2:file:" + v1.resolve("tcpfleet").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
        System.out.println("| sweep | schema 1 file (bytes) | today's file (bytes) |");
        System.out.println("|---|---|---|");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); SampleStore store = SampleStore.openDefault(v2)) {
            RowLayoutStore old = new RowLayoutStore(c);
            for (int s = 0; s < sweeps; s++) {
                Instant at = START.plusSeconds(60L * s);
                old.writeSweep(rows.sweep(at));
                try (Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                store.writeSweep(at, at, today.sweep(at));
                System.out.printf("| %d | %,d | %,d |%n", s + 1, Files.size(v1.resolve("tcpfleet.mv.db")),
                        Files.size(v2.resolve("tcpfleet.mv.db")));
                Thread.sleep(pauseMs);
            }
        }
    }

    private static void pause() throws InterruptedException {
        if (PAUSE_MS > 0) {
            Thread.sleep(PAUSE_MS);
        }
    }

    /** {size after SHUTDOWN COMPACT, size before}. */
    private static long[] compacted(String url, Path dir) throws SQLException, IOException {
        long before = Files.size(dir.resolve("tcpfleet.mv.db"));
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        }
        return new long[] {Files.size(dir.resolve("tcpfleet.mv.db")), before};
    }

    private static long pgRowLayout(PostgresServer pg, int hosts, int sweeps, int interval) throws Exception {
        String db = pg.createDatabase();
        FleetDay fleet = new FleetDay(hosts, SEED);
        try (Connection c = connect(pg, db)) {
            RowLayoutStore store = new RowLayoutStore(c);
            for (int s = 0; s < sweeps; s++) {
                store.writeSweep(fleet.sweep(START.plusSeconds((long) s * interval)));
                progress("schema 1, PostgreSQL", s, sweeps);
            }
        }
        return size(pg, db, null);
    }

    /** {size, breakdowns stored, host table size}. */
    private static long[] pgStore(PostgresServer pg, int hosts, int sweeps, int interval) throws Exception {
        String db = pg.createDatabase();
        FleetDay fleet = new FleetDay(hosts, SEED);
        try (SampleStore store = SampleStore.open(pg.jdbcUrl(db), pg.password(), io.tcpfleet.storage.OpenMode.CREATE)) {
            for (int s = 0; s < sweeps; s++) {
                Instant at = START.plusSeconds((long) s * interval);
                store.writeSweep(at, at, fleet.sweep(at));
                progress("today, PostgreSQL", s, sweeps);
            }
        }
        long breakdowns = Long.parseLong(pg.psql(db, "SELECT count(*) FROM breakdown").trim());
        return new long[] {size(pg, db, null), breakdowns, size(pg, db, "host")};
    }

    /** Zabbix 6.0's history_uint, created by the package's own DDL, with the same number of values. */
    private static long zabbix(PostgresServer pg, long samples, int hosts, int interval) throws Exception {
        String db = pg.createDatabase();
        pg.psql(db, historyUintDdl());
        long sweeps = samples / hosts;
        // One row per item per poll: itemid per host and state, clock per sweep, a count as value,
        // the poll's nanoseconds as Zabbix records them.
        pg.psql(db, "INSERT INTO history_uint (itemid, clock, value, ns)"
                + " SELECT 100000 + h * " + ZABBIX_ITEMS + " + k, " + START.getEpochSecond() + " + s * " + interval
                + ", (random() * 500)::int, (random() * 999999999)::int"
                + " FROM generate_series(0, " + (sweeps - 1) + ") s, generate_series(0, " + (hosts - 1) + ") h,"
                + " generate_series(0, " + (ZABBIX_ITEMS - 1) + ") k ORDER BY s, h, k");
        return size(pg, db, null);
    }

    static String historyUintDdl() throws IOException {
        Path schema = Path.of("/usr/share/zabbix-server-pgsql/schema.sql.gz");
        if (!Files.exists(schema)) {
            throw new IllegalStateException("needs Zabbix 6.0's schema: apt-get install zabbix-server-pgsql");
        }
        String sql;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(schema))) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = sql.indexOf("CREATE TABLE history_uint (");
        return sql.substring(start, sql.indexOf(");", start) + 2);
    }

    /** Every table's size with its indexes and TOAST after VACUUM, or one table's. */
    private static long size(PostgresServer pg, String db, String table) {
        pg.psql(db, "VACUUM ANALYZE");
        String where = table == null ? "n.nspname = 'public' AND c.relkind = 'r'" : "c.relname = '" + table + "'";
        return Long.parseLong(pg.psql(db, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + where).trim());
    }

    private static Connection connect(PostgresServer pg, String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("password", pg.password());
        return DriverManager.getConnection(pg.jdbcUrl(db), p);
    }

    private static void progress(String what, int s, int sweeps) {
        if (s % 240 == 0) {
            System.err.printf("%s: sweep %d/%d%n", what, s, sweeps);
        }
    }
}
