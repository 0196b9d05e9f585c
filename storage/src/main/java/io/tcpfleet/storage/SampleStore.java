package io.tcpfleet.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time series of samples: H2 (file or any JDBC URL) through a small HikariCP pool.
 *
 * <p>Each sweep is written in one transaction. For H2, commits are written through at once
 * (a {@code CHECKPOINT} after each sweep's commit: one per sweep is cheap) so that a {@code kill -9} between sweeps
 * loses nothing committed, and {@link #close()} shuts down in order: the pool first, then
 * {@code SHUTDOWN} on an anchor connection held for the store's lifetime. The database is never
 * closed by a JVM hook of H2's own ({@code DB_CLOSE_ON_EXIT=FALSE}); callers close the store,
 * typically from their own shutdown hook. {@code close()} is idempotent and thread-safe.
 */
public final class SampleStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleStore.class);
    /** H2's "database is already open in another process" error. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private final String url;
    /** An H2 database this process opened itself (not through a server): ours to SHUTDOWN. */
    private final boolean h2;
    private final Connection anchor;
    private final HikariDataSource pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SampleStore(String url, String user, String password) {
        this.url = url;
        this.h2 = isEmbeddedH2(url);
        try {
            // Opened first and outside the pool: it gets the clearest error for a locked file,
            // and it keeps an H2 database open between pool connections.
            this.anchor = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw openFailure(e);
        }
        try {
            SchemaMigrations.migrate(anchor, describe(url));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setPoolName("tcpfleet");
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(10_000);
            this.pool = new HikariDataSource(config);
        } catch (SQLException e) {
            closeQuietly(anchor);
            throw new StoreException("cannot prepare database " + describe(url) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(anchor);
            throw e;
        }
    }

    /** Opens (creating or migrating) the database at a JDBC URL. */
    public static SampleStore open(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return new SampleStore(withH2Settings(jdbcUrl), "sa", "");
    }

    /**
     * Opens the database a running {@code tcpfleet collect} serves to local readers (see
     * {@link StoreServer}). Closing this store never shuts the daemon's database down.
     */
    public static SampleStore openServed(DaemonInfo daemon) {
        return new SampleStore(daemon.jdbcUrl(), "sa", "");
    }

    /** Whether this process would open the database file itself (rather than through a server). */
    static boolean isEmbeddedH2(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /** Opens the embedded H2 file database {@code tcpfleet} in {@code dataDir}, creating both. */
    public static SampleStore openDefault(Path dataDir) {
        Path dir = new DataDirectory(dataDir).create();
        return open("jdbc:h2:file:" + dir.resolve("tcpfleet").toAbsolutePath());
    }

    /** Adds the settings our durability and shutdown order rely on, unless the URL sets them. */
    static String withH2Settings(String url) {
        if (!isEmbeddedH2(url)) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder(url);
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            b.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        // WRITE_DELAY stays at H2's default: WRITE_DELAY=0 stops MVStore's background thread, and with
        // it the auto-compaction, so the file grew ~20x its data (measured: 300k samples, 1.2 GB).
        // Durability comes from the CHECKPOINT after every sweep instead.
        return b.toString();
    }

    /**
     * Stores one sweep in one transaction and returns its id. On failure nothing of the sweep is
     * stored.
     */
    public long writeSweep(Instant startedAt, Instant finishedAt, List<PollResult> results) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                long id = SampleWriter.write(c, startedAt, finishedAt, results);
                c.commit();
                if (h2) {
                    try (Statement st = c.createStatement()) {
                        st.execute("CHECKPOINT"); // on disk before we return: a kill -9 now loses nothing
                    }
                }
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store sweep of " + results.size() + " host(s) in "
                    + describe(url) + ": " + e.getMessage(), e);
        }
    }

    /** Every host's latest sample with its breakdowns, by host name. */
    public List<StoredSample> latest() {
        return read(SampleReader::latest);
    }

    /** The latest sample of the host with this name, else of one with this address. */
    public Optional<StoredSample> latest(String hostNameOrAddress) {
        return read(c -> SampleReader.latest(c, hostNameOrAddress));
    }

    /** A host's samples with {@code from <= polled_at <= to}, oldest first. */
    public List<StoredSample> history(String hostNameOrAddress, Instant from, Instant to, boolean withBreakdowns) {
        return read(c -> SampleReader.history(c, hostNameOrAddress, from, to, withBreakdowns));
    }

    /** Every host's newest sample polled at or before {@code at} (states only), by host name. */
    public List<StoredSample> asOf(Instant at) {
        return read(c -> SampleReader.asOf(c, at));
    }

    /** Every host's successful samples in {@code [from, to]} as state counts, by host name: the cheap read for trends. */
    public java.util.Map<String, StateHistory> stateHistory(Instant from, Instant to) {
        return read(c -> SampleReader.stateHistory(c, from, to));
    }

    /** Every host ever stored, by name. */
    public List<Host> hosts() {
        return read(SampleReader::hosts);
    }

    /**
     * Deletes samples polled before {@code cutoff}, {@code batchSize} at a time, each batch its own
     * transaction so that retention never holds a long lock. Returns the samples deleted.
     */
    public int deleteOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1");
        }
        int deleted = 0;
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            while (true) {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM sample WHERE ts < ? ORDER BY id FETCH FIRST " + batchSize + " ROWS ONLY")) {
                    ps.setLong(1, cutoff.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                long min = ids.get(0);
                long max = ids.get(ids.size() - 1);
                try (Statement st = c.createStatement()) {
                    String range = " BETWEEN " + min + " AND " + max;
                    String old = " AND sample_id IN (SELECT id FROM sample WHERE ts < " + cutoff.toEpochMilli() + ")";
                    st.executeUpdate("DELETE FROM sample_port WHERE sample_id" + range + old);
                    st.executeUpdate("DELETE FROM sample_peer WHERE sample_id" + range + old);
                    st.executeUpdate("UPDATE host SET last_sample_id = NULL WHERE last_sample_id" + range
                            + " AND last_sample_id IN (SELECT id FROM sample WHERE ts < " + cutoff.toEpochMilli() + ")");
                    deleted += st.executeUpdate("DELETE FROM sample WHERE id" + range + " AND ts < " + cutoff.toEpochMilli());
                    st.executeUpdate("DELETE FROM sweep WHERE finished_at < " + cutoff.toEpochMilli()
                            + " AND NOT EXISTS (SELECT 1 FROM sample s WHERE s.sweep_id = sweep.id)");
                }
                c.commit();
            }
        } catch (SQLException e) {
            throw new StoreException("retention failed in " + describe(url) + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * Deletes the per-port and per-peer rows of samples polled before {@code cutoff}, keeping the
     * samples (their state counts) for history. Breakdowns are most of a fleet's rows (a port and
     * a peer row each, per host per sweep), and reports and diagnose read only the latest ones.
     * Sample ids grow with time, so everything below the first id at or after the cutoff goes, in
     * batches of {@code batchSize} rows, each its own transaction. Returns the rows deleted.
     */
    public long deleteBreakdownsOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1");
        }
        long deleted = 0;
        try (Connection c = connection()) {
            long below;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM sample WHERE ts >= ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long first = rs.getLong(1);
                    below = rs.wasNull() ? Long.MAX_VALUE : first;
                }
            }
            c.setAutoCommit(false);
            for (String table : new String[] {"sample_port", "sample_peer"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE sample_id < ? FETCH FIRST "
                        + batchSize + " ROWS ONLY")) {
                    ps.setLong(1, below);
                    int n;
                    do {
                        n = ps.executeUpdate();
                        c.commit();
                        deleted += n;
                    } while (n == batchSize);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("breakdown retention failed in " + describe(url) + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    /** The JDBC URL this store was opened with, settings included. */
    public String url() {
        return url;
    }

    /** The schema version of the open database. */
    public int schemaVersion() {
        return read(SchemaMigrations::currentVersion);
    }

    /** Runs {@code action} once the store is closed (for whoever must let go of it then). */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.forEach(Runnable::run);
        pool.close();
        if (h2) {
            try (Statement st = anchor.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("H2 SHUTDOWN of {} failed: {}", describe(url), e.getMessage());
            }
        }
        closeQuietly(anchor);
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Query<T> q) {
        try (Connection c = connection()) {
            return q.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + describe(url) + ": " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (closed.get()) {
            throw new StoreException("sample store " + describe(url) + " is closed");
        }
        return pool.getConnection();
    }

    private static StoreException openFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == H2_DATABASE_IN_USE) {
                return new DatabaseInUseException("database " + describe(urlOf(e)) + " is in use by another tcpfleet"
                        + " process (a running `tcpfleet collect`?); stop it or point --db elsewhere", e);
            }
        }
        return new StoreException("cannot open database: " + e.getMessage(), e);
    }

    private static String urlOf(SQLException e) {
        String m = e.getMessage();
        int i = m == null ? -1 : m.indexOf('"');
        int j = i < 0 ? -1 : m.indexOf('"', i + 1);
        return i >= 0 && j > i ? m.substring(i + 1, j) : "";
    }

    /** The URL without its settings, for messages. */
    static String describe(String url) {
        int semi = url.indexOf(';');
        return semi < 0 ? url : url.substring(0, semi);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing after a failure: the first error is the one reported
        }
    }
}
