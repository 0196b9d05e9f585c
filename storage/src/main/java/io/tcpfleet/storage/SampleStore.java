package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time series of samples, in H2 (embedded file, or a daemon's file through its server) or
 * PostgreSQL: through a small HikariCP pool for {@link StoreUse#SHARED} use, through one plain
 * connection for {@link StoreUse#ONE_SHOT} ({@link Connections}). What differs between the engines
 * is in {@link Dialect}, the statements in {@link Sql}.
 *
 * <p>Each sweep is written in one transaction; a failed one leaves nothing behind and the store
 * usable. Embedded H2 is written through after each sweep (a checkpoint), so that a kill -9
 * between sweeps loses nothing committed, and {@link #close()} shuts it down in order: the pool
 * first, then {@code SHUTDOWN} on an anchor connection held for the store's lifetime (H2's own JVM
 * hook is off). {@code close()} is idempotent and thread-safe.
 */
public final class SampleStore implements AutoCloseable {

    /** Rows per retention transaction on H2. */
    static final int RETENTION_BATCH = 5_000;

    private final String url;
    /** The database as messages may name it: no settings, no secrets. */
    private final String where;
    private final Dialect dialect;
    private final StoreUse use;
    /**
     * Embedded H2: keeps the database open between pool connections, and shuts it down. One-shot
     * use: also the one connection, whatever the engine.
     */
    private final Connection anchor;
    private final Connections connections;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SampleStore(String jdbcUrl, String password, OpenMode mode, StoreUse use) {
        this.dialect = Dialect.of(jdbcUrl);
        this.use = use;
        this.url = dialect.connectUrl(jdbcUrl, mode, use);
        this.where = Redact.url(url);
        dialect.beforeOpen(url, mode);
        Properties login = new Properties();
        if (dialect.defaultUser() != null) {
            login.setProperty("user", dialect.defaultUser());
        }
        login.setProperty("password", password == null ? "" : password);
        Connection first;
        try {
            // Opened first and outside the pool: it gets the clearest error (a locked H2 file, a
            // refused login), and it migrates the schema before anything else runs.
            first = dialect.connect(url, login);
        } catch (SQLException e) {
            throw dialect.translate(e, where);
        }
        try {
            SchemaMigrations.migrate(first, dialect, mode, where);
            this.connections = use == StoreUse.ONE_SHOT ? Connections.single(first)
                    : Connections.pooled(url, dialect.defaultUser(), password);
        } catch (SQLException e) {
            closeQuietly(first);
            throw dialect.translate(e, where);
        } catch (RuntimeException e) {
            closeQuietly(first);
            throw e;
        }
        if (dialect.embedded() || use == StoreUse.ONE_SHOT) {
            this.anchor = first;
        } else {
            closeQuietly(first);
            this.anchor = null;
        }
    }

    /** Opens (creating or migrating) the database at a JDBC URL that needs no password. */
    public static SampleStore open(String jdbcUrl) {
        return open(jdbcUrl, null, OpenMode.CREATE);
    }

    /** {@link #open(String, String, OpenMode, StoreUse)} for {@link StoreUse#SHARED} use. */
    public static SampleStore open(String jdbcUrl, String password, OpenMode mode) {
        return open(jdbcUrl, password, mode, StoreUse.SHARED);
    }

    /**
     * Opens the database at a JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql://...}).
     *
     * @param password the database password, or {@code null}; never part of the URL
     * @param mode     whether a missing database or schema is created, or is a {@link NoDatabaseException}
     * @param use      a pool for long, concurrent use, or one connection for a one-shot command
     */
    public static SampleStore open(String jdbcUrl, String password, OpenMode mode, StoreUse use) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(use, "use");
        return new SampleStore(jdbcUrl, password, mode, use);
    }

    /** Opens the embedded H2 database {@code tcpfleet} in {@code dataDir}, creating both. */
    public static SampleStore openDefault(Path dataDir) {
        return openDefault(dataDir, OpenMode.CREATE);
    }

    /**
     * Opens the embedded H2 database in {@code dataDir}. With {@link OpenMode#CREATE} the directory
     * is created 0700 and the file 0600; with {@link OpenMode#EXISTING} nothing is created.
     */
    public static SampleStore openDefault(Path dataDir, OpenMode mode) {
        return openDefault(dataDir, mode, StoreUse.SHARED);
    }

    /** {@link #openDefault(Path, OpenMode)} for a given use. */
    public static SampleStore openDefault(Path dataDir, OpenMode mode, StoreUse use) {
        DataDirectory dir = new DataDirectory(dataDir.toAbsolutePath());
        if (mode == OpenMode.CREATE) {
            dir.create();
        }
        return open("jdbc:h2:file:" + dir.path().resolve("tcpfleet"), null, mode, use);
    }

    /**
     * Opens the database a running {@code tcpfleet collect} serves to local readers (see
     * {@link StoreServer}). Closing this store never shuts the daemon's database down.
     */
    public static SampleStore openServed(DaemonInfo daemon) {
        return openServed(daemon, StoreUse.SHARED);
    }

    /** {@link #openServed(DaemonInfo)} for a given use. */
    public static SampleStore openServed(DaemonInfo daemon, StoreUse use) {
        return new SampleStore(daemon.jdbcUrl(), null, OpenMode.EXISTING, use);
    }

    /**
     * Stores one sweep in one transaction and returns its id. On failure nothing of the sweep is
     * stored, a {@link StoreException} says why, and the store stays usable.
     */
    public long writeSweep(Instant startedAt, Instant finishedAt, List<PollResult> results) {
        return writeSweep(PendingSweep.of(startedAt, finishedAt, results), false);
    }

    /** {@link #writeSweep(Instant, Instant, List)} for a daemon's sweep, with its staleness limit. */
    public long writeSweep(PendingSweep sweep) {
        return writeSweep(sweep, false);
    }

    /**
     * Stores a sweep whose earlier write failed, unless that write committed after all (the
     * failure came after the commit: a lost connection, a failed checkpoint): then returns the id
     * it has. The check and the write are one transaction.
     */
    public long writeSweepUnlessStored(PendingSweep sweep) {
        return writeSweep(sweep, true);
    }

    private long writeSweep(PendingSweep sweep, boolean unlessStored) {
        try {
            try {
                return writeOnce(sweep, unlessStored);
            } catch (SQLException e) {
                if (!PostgresDialect.NO_PARTITION.equals(e.getSQLState())) {
                    throw e;
                }
                dialect.forgetPreparedDays(); // another process dropped a day we thought was there
                return writeOnce(sweep, unlessStored);
            }
        } catch (SQLException e) {
            StoreException t = dialect.translate(e, where);
            throw new StoreException("cannot store sweep of " + sweep.results().size() + " host(s): " + t.getMessage(), t.getCause());
        }
    }

    private long writeOnce(PendingSweep sweep, boolean unlessStored) throws SQLException {
        Set<LocalDate> days = sweep.results().stream().map(r -> Dialect.day(r.polledAt())).collect(Collectors.toSet());
        return connected().with(c -> {
            dialect.prepareDays(c, days);
            long id = Transactions.run(c, () -> {
                Optional<Long> stored = unlessStored ? SampleWriter.findSweep(c, sweep.startedAt(), sweep.finishedAt())
                        : Optional.empty();
                return stored.isPresent() ? stored.get()
                        : SampleWriter.write(c, sweep.startedAt(), sweep.finishedAt(), sweep.results(), sweep.staleAfter());
            });
            dialect.afterCommit(c);
            return id;
        });
    }

    /** Every host's latest sample with its breakdowns, by host name. */
    public List<StoredSample> latest() {
        return read(SampleReader::latest);
    }

    /**
     * The latest sample of the host with this name, else of the one host with this address; an
     * address several hosts share throws {@link AmbiguousHostException} naming them.
     */
    public Optional<StoredSample> latest(String hostNameOrAddress) {
        return read(c -> SampleReader.latest(c, hostNameOrAddress));
    }

    /**
     * A host's samples with {@code from <= polled_at <= to}, oldest first. With breakdowns, the
     * latest sample has its exact one and the others the one history kept for them (within
     * {@link Breakdown}'s deadband of their own).
     */
    public List<StoredSample> history(String hostNameOrAddress, Instant from, Instant to, boolean withBreakdowns) {
        return read(c -> SampleReader.history(c, hostNameOrAddress, from, to, withBreakdowns));
    }

    /** Every host's newest sample polled at or before {@code at} (states only), by host name. */
    public List<StoredSample> asOf(Instant at) {
        return read(c -> SampleReader.asOf(c, at));
    }

    /** Every host's successful samples in {@code [from, to]} as state counts, by host name: the cheap read for trends. */
    public Map<String, StateHistory> stateHistory(Instant from, Instant to) {
        return read(c -> dialect.streaming(c, () -> SampleReader.stateHistory(c, from, to)));
    }

    /** {@link #stateHistory(Instant, Instant)} of the named hosts only: what a reader of a few hosts of a large fleet needs. */
    public Map<String, StateHistory> stateHistory(Instant from, Instant to, Collection<String> hostNames) {
        return read(c -> dialect.streaming(c, () -> SampleReader.stateHistory(c, from, to, hostNames)));
    }

    /** Every host ever stored, by name. */
    public List<Host> hosts() {
        return read(SampleReader::hosts);
    }

    /**
     * Keeps the store in shape: on PostgreSQL creates the partitions for today and the next days;
     * with a {@code retention}, deletes samples older than that (H2: in batches, exactly;
     * PostgreSQL: by dropping the day partitions wholly before {@code now - retention}). Safe to
     * call from several threads, processes or cluster nodes at once: one does the work and the
     * others return {@link MaintenanceResult#SKIPPED} at once.
     */
    public MaintenanceResult maintain(Instant now, Duration retention) {
        return run("maintenance failed in ", c -> dialect.exclusively(c, () -> {
            List<String> created = dialect.prepareAhead(c, now);
            Dialect.Retention r = retention == null ? new Dialect.Retention(0, Instant.EPOCH, List.of())
                    : dialect.deleteSamplesBefore(c, now.minus(retention), RETENTION_BATCH);
            return new MaintenanceResult(true, r.samples(), created, r.dropped());
        }).orElse(MaintenanceResult.SKIPPED));
    }

    /**
     * Deletes samples polled before {@code cutoff}: on H2 exactly, {@code batchSize} at a time, each
     * batch its own transaction; on PostgreSQL the day partitions wholly before the cutoff's day.
     * Returns the samples deleted (0 if another caller is maintaining the store right now).
     */
    public int deleteOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1");
        }
        return run("retention failed in ", c -> dialect.exclusively(c, () -> dialect.deleteSamplesBefore(c, cutoff, batchSize))
                .map(r -> (int) r.samples()).orElse(0));
    }

    /**
     * Deletes the breakdown history from before {@code cutoff}, keeping the samples (their state
     * counts) and every host's latest breakdown, which reports and diagnose read. Returns the rows
     * deleted (H2) or the partitions dropped (PostgreSQL: the days wholly before the cutoff's day).
     */
    public long deleteBreakdownsOlderThan(Instant cutoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1");
        }
        return run("breakdown retention failed in ", c -> dialect.exclusively(c, () -> dialect.deleteBreakdownsBefore(c, cutoff, batchSize))
                .orElse(0L));
    }

    /** The JDBC URL this store connects with, settings included, any password in it masked. */
    public String url() {
        return Redact.message(url);
    }

    /**
     * Whether this process runs the database itself (embedded H2): after a failure such a store is
     * closed and opened again, since H2 closes its database for good on a failed write.
     */
    public boolean embedded() {
        return dialect.embedded();
    }

    /** "H2" or "PostgreSQL". */
    public String engine() {
        return dialect.engine();
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
        connections.close();
        if (anchor != null) {
            try {
                dialect.shutdown(anchor);
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_CLOSED
                        || e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
                    log().debug("{} was closed already (a failure or another connection's SHUTDOWN)", where);
                } else {
                    log().warn("{} SHUTDOWN of {} failed: {}", dialect.engine(), where, Redact.message(e.getMessage()));
                }
            }
            closeQuietly(anchor);
        }
    }

    private <T> T read(Connections.Work<T> q) {
        return run("cannot read ", q);
    }

    /** Runs work on a connection; {@code prefix} and the database name the failure. */
    private <T> T run(String prefix, Connections.Work<T> work) {
        try {
            return connected().with(work);
        } catch (SQLException e) {
            StoreException t = dialect.translate(e, where);
            throw t.getClass() == StoreException.class ? new StoreException(prefix + t.getMessage(), t.getCause()) : t;
        }
    }

    private Connections connected() {
        if (closed.get()) {
            throw new StoreException("sample store " + where + " is closed");
        }
        return connections;
    }

    /** Looked up when needed: only a failed close logs, and setting up logging costs a one-shot poll ~5 ms. */
    private static Logger log() {
        return LoggerFactory.getLogger(SampleStore.class);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing after a failure: the first error is the one reported
        }
    }
}
