package io.tcpfleet.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;

/**
 * What differs between the engines, and nothing else: the few DDL words, how a database is opened
 * and closed, retention (batched deletes on H2, dropped day partitions on PostgreSQL) and the guard
 * that lets one caller at a time maintain the store. Every portable statement lives in {@link Sql}.
 * One instance per open store.
 */
interface Dialect {

    /** The dialect for a JDBC URL; refuses engines tcpfleet does not store in. */
    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2Dialect(jdbcUrl);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new StoreException("unsupported database URL " + Redact.url(jdbcUrl)
                + ": tcpfleet stores samples in H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://HOST:PORT/DB?user=U)");
    }

    /** "H2" or "PostgreSQL", for messages. */
    String engine();

    /** The URL to connect with: the engine settings our durability relies on, and those {@code use} wants, added. */
    String connectUrl(String url, OpenMode mode, StoreUse use);

    /** Opens a plain connection to the database at {@code url}. */
    Connection connect(String url, java.util.Properties login) throws SQLException;

    /** The user name to connect as when the URL names none ({@code null}: the URL's own). */
    String defaultUser();

    /**
     * Prepares what must exist before the first connection (the H2 file, created 0600), or refuses
     * to open a database that does not exist when {@code mode} is {@link OpenMode#EXISTING}.
     */
    void beforeOpen(String url, OpenMode mode);

    /** Whether this process opens the database itself and so must hold it open and shut it down. */
    boolean embedded();

    // ---- schema

    /** The type of a byte string column. */
    String binaryType();

    /** The type of a socket count (a host has far fewer than 2^31 sockets). */
    String countType();

    /** The id column of a time-series table (a primary key where the engine allows one). */
    String seriesId();

    /** What follows the column list of a time-series table: how it is partitioned, if at all. */
    String seriesStorage();

    /** The index on a time-series table's {@code ts}, when the engine needs one. */
    Optional<String> timeIndex(String table);

    /**
     * Runs before the schema is created in a database that has none: refuses a database that should
     * have had one (H2: a file with data that opens empty).
     */
    void beforeCreatingSchema(Connection c, String where) throws SQLException;

    /** Serializes schema changes between processes that open the same database at once. */
    void lockSchema(Connection c) throws SQLException;

    // ---- writing

    /** Makes sure rows polled on these days can be inserted (PostgreSQL: their partitions exist). */
    void prepareDays(Connection c, Collection<LocalDate> days) throws SQLException;

    /** Forgets what {@link #prepareDays} knows, after an insert found no partition for its row. */
    void forgetPreparedDays();

    /** Runs after each committed sweep (H2: a checkpoint, so that a kill -9 loses nothing committed). */
    void afterCommit(Connection c) throws SQLException;

    // ---- reading

    /**
     * Runs a read of millions of rows so that they reach the caller as they are read, instead of
     * being held all at once first: H2 copies a whole result into memory and then to a temporary
     * file unless the query runs lazily; PostgreSQL's driver reads a result by its fetch size only
     * inside a transaction.
     */
    <T> T streaming(Connection c, SqlWork<T> read) throws SQLException;

    // ---- maintenance

    /**
     * Runs {@code work} if no other caller (thread, process or cluster node) maintains this database
     * now; otherwise returns empty at once.
     */
    <T> Optional<T> exclusively(Connection c, SqlWork<T> work) throws SQLException;

    /** Creates what rows polled from {@code now} to a few days ahead need; returns what it created. */
    java.util.List<String> prepareAhead(Connection c, Instant now) throws SQLException;

    /** Deletes samples polled before {@code cutoff} (H2: exactly; PostgreSQL: whole days before it). */
    Retention deleteSamplesBefore(Connection c, Instant cutoff, int batchSize) throws SQLException;

    /** Deletes stored breakdowns from before {@code cutoff}, keeping the samples; returns rows or partitions deleted. */
    long deleteBreakdownsBefore(Connection c, Instant cutoff, int batchSize) throws SQLException;

    // ---- errors and closing

    /** The engine's error as a message a user can act on; {@code where} names the database. */
    StoreException translate(SQLException e, String where);

    /** Shuts an embedded database down through its anchor connection (nothing for a server's). */
    void shutdown(Connection anchor) throws SQLException;

    /** What a retention pass deleted, and the time before which nothing is left. */
    record Retention(long samples, Instant deletedBefore, java.util.List<String> dropped) {
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** The UTC day of an instant: PostgreSQL partitions are days. */
    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
