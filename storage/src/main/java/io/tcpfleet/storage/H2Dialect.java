package io.tcpfleet.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.api.ErrorCode;

/**
 * H2, embedded (a file this process opens and owns) or through a server ({@code jdbc:h2:tcp:},
 * a running {@code collect} serving its file). Retention deletes in batches, each its own
 * transaction, so that it never holds a long lock.
 */
final class H2Dialect implements Dialect {

    /** "Database is already open in another process". */
    static final int DATABASE_IN_USE = 90020;
    /** "Database not found, and IFEXISTS=true". */
    static final int NOT_FOUND = 90146;

    /**
     * A one-shot store lets H2 compact the file when it closes only once the live data fill less
     * than this share (percent) of its chunks: H2's default (90) made every second close spend up to
     * {@code MAX_COMPACT_TIME} (200 ms) compacting a few KB; never compacting grew the file ~14 KB
     * a poll for ever. At 50 the file stays within about twice its data, and a close compacts one
     * time in several (docs/performance.md).
     */
    static final int ONE_SHOT_COMPACT_BELOW = 50;

    /** A new H2 file with no table takes ~12 KB; a file this large with no table lost its data. */
    static final long SUSPICIOUS_EMPTY = 64 * 1024;

    static final String DELETE_SAMPLES = "DELETE FROM sample WHERE ts < ? FETCH FIRST ? ROWS ONLY";
    static final String DELETE_BREAKDOWNS = "DELETE FROM breakdown WHERE ts < ? FETCH FIRST ? ROWS ONLY";

    private final boolean embedded;
    /** The file of a file database, else null. */
    private final Path file;
    /** An embedded database has one process: a lock in it is enough to maintain it alone. */
    private final ReentrantLock maintenance = new ReentrantLock();
    /** The file's size before this store opened it (0 if there was none). */
    private long sizeBeforeOpen;

    H2Dialect(String url) {
        this.embedded = !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
        this.file = databaseFile(url);
    }

    @Override
    public String engine() {
        return "H2";
    }

    /**
     * Adds, unless the URL sets them: {@code DB_CLOSE_ON_EXIT=FALSE} (we close in order from our
     * own hook), {@code TRACE_LEVEL_FILE=0} (no {@code .trace.db} file growing beside the
     * database: our own messages carry the errors), and {@code IFEXISTS=TRUE} for
     * {@link OpenMode#EXISTING}, and {@code AUTO_COMPACT_FILL_RATE} for {@link StoreUse#ONE_SHOT}
     * ({@link #ONE_SHOT_COMPACT_BELOW}: a setting of this open only, H2 does not persist it).
     * {@code WRITE_DELAY} stays at H2's default: 0 stops MVStore's background thread and with it
     * the auto-compaction (a daemon's file grew ~20x its data); durability comes from the
     * CHECKPOINT after every sweep instead.
     */
    @Override
    public String connectUrl(String url, OpenMode mode, StoreUse use) {
        if (!embedded) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(url);
        List<String> settings = new java.util.ArrayList<>(List.of("DB_CLOSE_ON_EXIT=FALSE", "TRACE_LEVEL_FILE=0"));
        if (mode == OpenMode.EXISTING) {
            settings.add("IFEXISTS=TRUE");
        }
        if (use == StoreUse.ONE_SHOT) {
            settings.add("AUTO_COMPACT_FILL_RATE=" + ONE_SHOT_COMPACT_BELOW);
        }
        for (String setting : settings) {
            if (!upper.contains(";" + setting.substring(0, setting.indexOf('=') + 1))) {
                b.append(';').append(setting);
            }
        }
        return b.toString();
    }

    @Override
    public String defaultUser() {
        return "sa";
    }

    /** H2's own driver: {@code DriverManager} would first load every driver on the class path (PostgreSQL's too). */
    @Override
    public java.sql.Connection connect(String url, java.util.Properties login) throws SQLException {
        return org.h2.Driver.load().connect(url, login);
    }

    @Override
    public void beforeOpen(String url, OpenMode mode) {
        if (file == null) {
            return;
        }
        try {
            sizeBeforeOpen = Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            sizeBeforeOpen = 0; // H2's own open reports what is wrong with the file
        }
        if (mode == OpenMode.EXISTING) {
            if (!Files.exists(file)) {
                throw NoDatabaseException.at(file.toString());
            }
        } else {
            DataDirectory.createPrivateDirectories(file.getParent());
            DataDirectory.createPrivateFile(file);
        }
    }

    /** {@code PATH.mv.db} of a file URL ({@code jdbc:h2:file:PATH} or {@code jdbc:h2:PATH}), else null. */
    static Path databaseFile(String url) {
        String rest = url.substring("jdbc:h2:".length());
        int semi = rest.indexOf(';');
        rest = semi < 0 ? rest : rest.substring(0, semi);
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("^[a-z]+:.*") && !rest.matches("^[A-Za-z]:[\\\\/].*")) {
            return null; // mem:, tcp:, zip:, split:, ... (but not a Windows drive)
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1); // as H2 itself expands it
        }
        return Path.of(rest + ".mv.db").toAbsolutePath();
    }

    @Override
    public boolean embedded() {
        return embedded;
    }

    @Override
    public String binaryType() {
        return "VARBINARY";
    }

    /** BIGINT, as schema 1 had it: H2 stores small numbers in a byte or two whatever the type. */
    @Override
    public String countType() {
        return "BIGINT";
    }

    @Override
    public String seriesId() {
        return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    }

    @Override
    public String seriesStorage() {
        return "";
    }

    @Override
    public Optional<String> timeIndex(String table) {
        return Optional.of("CREATE INDEX " + table + "_ts ON " + table + " (ts)");
    }

    /**
     * H2 opens a file whose chunks it cannot read (a truncated or overwritten end) as an empty
     * database, silently: refuse to create a schema in a file that held data but shows no table.
     */
    @Override
    public void beforeCreatingSchema(Connection c, String where) throws SQLException {
        if (file == null || sizeBeforeOpen < SUSPICIOUS_EMPTY) {
            return;
        }
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                throw new StoreException("database file " + file + " (" + sizeBeforeOpen + " bytes) opens as an empty"
                        + " database: it is damaged (truncated or overwritten; H2 found no valid data in it): stop tcpfleet,"
                        + " move the file aside (mv " + file + " " + file + ".corrupt) and start again to begin a new database;"
                        + " H2's recovery tool (java -cp h2.jar org.h2.tools.Recover) may salvage its data");
            }
        }
    }

    @Override
    public void lockSchema(Connection c) {
        // one process opens an embedded database; a served one was migrated by its owner
    }

    @Override
    public void prepareDays(Connection c, Collection<LocalDate> days) {
        // not partitioned
    }

    @Override
    public void forgetPreparedDays() {
        // nothing cached
    }

    @Override
    public void afterCommit(Connection c) throws SQLException {
        if (embedded) {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT"); // on disk before we return: a kill -9 now loses nothing
            }
        }
    }

    @Override
    public <T> T streaming(Connection c, SqlWork<T> read) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION TRUE");
        }
        try {
            return read.run();
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("SET LAZY_QUERY_EXECUTION FALSE"); // the pool hands the connection to others next
            }
        }
    }

    @Override
    public <T> Optional<T> exclusively(Connection c, SqlWork<T> work) throws SQLException {
        if (!maintenance.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.run());
        } finally {
            maintenance.unlock();
        }
    }

    @Override
    public List<String> prepareAhead(Connection c, Instant now) {
        return List.of();
    }

    @Override
    public Retention deleteSamplesBefore(Connection c, Instant cutoff, int batchSize) throws SQLException {
        long deleted = inBatches(c, DELETE_SAMPLES, cutoff, batchSize);
        Transactions.run(c, () -> {
            try (PreparedStatement forget = c.prepareStatement(Sql.FORGET_DELETED_LATEST);
                 PreparedStatement sweeps = c.prepareStatement(Sql.DELETE_SWEEPS)) {
                forget.setLong(1, cutoff.toEpochMilli());
                forget.executeUpdate();
                sweeps.setLong(1, cutoff.toEpochMilli());
                return sweeps.executeUpdate();
            }
        });
        // No sample left points to a breakdown stored more than MAX_AGE before the oldest one.
        inBatches(c, DELETE_BREAKDOWNS, cutoff.minus(Breakdown.MAX_AGE), batchSize);
        return new Retention(deleted, cutoff, List.of());
    }

    @Override
    public long deleteBreakdownsBefore(Connection c, Instant cutoff, int batchSize) throws SQLException {
        return inBatches(c, DELETE_BREAKDOWNS, cutoff, batchSize);
    }

    private static long inBatches(Connection c, String sql, Instant cutoff, int batchSize) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long deleted = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, cutoff.toEpochMilli());
            ps.setInt(2, batchSize);
            int n;
            do {
                n = ps.executeUpdate();
                c.commit();
                deleted += n;
            } while (n == batchSize);
        } finally {
            c.setAutoCommit(auto);
        }
        return deleted;
    }

    @Override
    public StoreException translate(SQLException e, String where) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == DATABASE_IN_USE) {
                return new DatabaseInUseException("database " + where + " is in use by another tcpfleet"
                        + " process (a running `tcpfleet collect`?); stop it or point --db elsewhere", Redact.exception(e));
            }
            if (t instanceof SQLException s && s.getErrorCode() == NOT_FOUND) {
                return NoDatabaseException.at(where);
            }
            if (t instanceof SQLException s && (s.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED
                    || s.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)) {
                // H2's own text for the second blames DB_CLOSE_ON_EXIT, which we set
                return new DatabaseClosedException(where + ": the database has been closed (a SHUTDOWN from another connection,"
                        + " or an earlier failure)", Redact.exception(e));
            }
        }
        if (file != null) {
            java.util.Optional<String> fault = H2FileFaults.describe(e, file);
            if (fault.isPresent()) {
                return new StoreException(where + ": " + fault.get(), Redact.exception(e));
            }
        }
        return new StoreException(where + ": " + Redact.message(e.getMessage()), Redact.exception(e));
    }

    @Override
    public void shutdown(Connection anchor) throws SQLException {
        if (embedded) {
            try (Statement st = anchor.createStatement()) {
                st.execute("SHUTDOWN");
            } finally {
                if (file != null) {
                    DataDirectory.keepPrivate(file); // in case H2 rewrote it
                }
            }
        }
    }
}
