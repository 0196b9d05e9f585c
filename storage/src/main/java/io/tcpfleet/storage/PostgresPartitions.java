package io.tcpfleet.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The day partitions of PostgreSQL's time-series tables: {@code sample_p20261124} holds the rows
 * with {@code ts} in that UTC day. Retention drops whole days: detached concurrently (readers and
 * writers of other days never wait), then dropped.
 */
final class PostgresPartitions {

    /** The time-series tables, partitioned alike. */
    static final List<String> TABLES = List.of("sample", "breakdown");

    /** Taken by whoever creates partitions, for the transaction: creators never race. */
    static final long CREATE_LOCK = 0x7463_7066_6c65_6501L;

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    static final String LIST = "SELECT c.relname, i.inhdetachpending FROM pg_inherits i"
            + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?)";
    static final String EXISTS = "SELECT to_regclass(?) IS NOT NULL";
    static final String LOCK = "SELECT pg_advisory_xact_lock(?)";

    private PostgresPartitions() {
    }

    static String name(String table, LocalDate day) {
        return table + "_p" + SUFFIX.format(day);
    }

    /** Creates every table's partition for these days where missing, in one transaction; returns those created. */
    static List<String> create(Connection c, Collection<LocalDate> days) throws SQLException {
        List<String> created = new ArrayList<>();
        Transactions.run(c, () -> {
            try (PreparedStatement lock = c.prepareStatement(LOCK); PreparedStatement exists = c.prepareStatement(EXISTS);
                 Statement ddl = c.createStatement()) {
                lock.setLong(1, CREATE_LOCK);
                lock.execute();
                for (LocalDate day : days) {
                    for (String table : TABLES) {
                        String name = name(table, day);
                        exists.setString(1, name);
                        try (ResultSet rs = exists.executeQuery()) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                continue;
                            }
                        }
                        // Names and bounds come from a LocalDate and our own table names: nothing to inject.
                        ddl.execute("CREATE TABLE " + name + " PARTITION OF " + table + " FOR VALUES FROM ("
                                + Dialect.startOf(day).toEpochMilli() + ") TO ("
                                + Dialect.startOf(day.plusDays(1)).toEpochMilli() + ")");
                        created.add(name);
                    }
                }
            }
            return null;
        });
        return created;
    }

    /**
     * Drops the partitions of {@code table} whose whole day ends at or before {@code cutoff}; returns
     * the rows they held and adds their names to {@code dropped}. Needs auto-commit: a concurrent
     * detach runs outside any transaction.
     */
    static long dropBefore(Connection c, String table, Instant cutoff, List<String> dropped) throws SQLException {
        TreeMap<LocalDate, Boolean> old = new TreeMap<>(); // day -> detach pending
        try (PreparedStatement ps = c.prepareStatement(LIST)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = dayOf(table, rs.getString(1));
                    if (day != null && !Dialect.startOf(day.plusDays(1)).isAfter(cutoff)) {
                        old.put(day, rs.getBoolean(2));
                    }
                }
            }
        }
        long rows = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (var e : old.entrySet()) {
                String name = name(table, e.getKey());
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name)) {
                    rs.next();
                    rows += rs.getLong(1);
                }
                // A detach interrupted earlier (connection lost) is finished, not started again.
                st.execute("ALTER TABLE " + table + " DETACH PARTITION " + name + (e.getValue() ? " FINALIZE" : " CONCURRENTLY"));
                st.execute("DROP TABLE " + name);
                dropped.add(name);
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return rows;
    }

    /** The day of one of our partitions of {@code table}, or null for anything else attached to it. */
    private static LocalDate dayOf(String table, String partition) {
        String prefix = table + "_p";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 8) {
            return null;
        }
        try {
            return LocalDate.parse(partition.substring(prefix.length()), SUFFIX);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
