package io.tcpfleet.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster's membership and claims in PostgreSQL, which is the only arbiter: no node trusts
 * another's word or its own clock. Heartbeats stamp the database's time; a claim is a row whose
 * primary key {@code (slot, host)} lets exactly one node have a host in an interval slot.
 *
 * <p>It has its own small pool with short timeouts, apart from the sample store's: a sweep must
 * learn within about a second that the database is gone (and poll its last known share), while the
 * sample writer waits longer on its own thread. The schema must exist already (the
 * {@link SampleStore} opened first migrates it).
 */
public final class ClusterStore implements AutoCloseable {

    /** A claim or heartbeat that waits longer than this finds the database gone. */
    static final int QUERY_TIMEOUT_SECONDS = 3;
    /** The time of the database, in epoch milliseconds (clock_timestamp: not frozen at the transaction's start). */
    private static final String DB_NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    private final String where;
    private final Dialect dialect;
    private final HikariDataSource pool;

    private ClusterStore(String jdbcUrl, String password, Duration waitForConnection) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("a cluster of collectors needs PostgreSQL, not " + Redact.url(jdbcUrl));
        }
        this.dialect = Dialect.of(jdbcUrl);
        this.where = Redact.url(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPassword(password == null ? "" : password);
        config.setPoolName("tcpfleet-cluster");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, waitForConnection.toMillis())); // Hikari's minimum is 250 ms
        config.setInitializationFailTimeout(-1); // opening never fails: the first heartbeat says how the database is
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS + 2));
        this.pool = new HikariDataSource(config);
    }

    public static ClusterStore open(String jdbcUrl, String password) {
        return open(jdbcUrl, password, Duration.ofSeconds(1));
    }

    /**
     * @param waitForConnection how long a call waits for a connection before it fails (at least
     *                          250 ms): a short interval needs to learn sooner that the database is gone
     */
    public static ClusterStore open(String jdbcUrl, String password, Duration waitForConnection) {
        return new ClusterStore(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), password, waitForConnection);
    }

    /**
     * Writes this node's row with a fresh heartbeat, unless another live node (another incarnation
     * whose heartbeat is newer than {@code ttl}) has that name. Returns the database's time, or -1
     * when the name is taken.
     */
    public long heartbeat(String node, String incarnation, String apiUrl, String inventory, int hosts, Duration ttl) {
        String sql = "INSERT INTO tcpfleet_node AS n (name, incarnation, api_url, inventory, hosts, started_at, heartbeat)"
                + " VALUES (?, ?, ?, ?, ?, " + DB_NOW + ", " + DB_NOW + ")"
                + " ON CONFLICT (name) DO UPDATE SET incarnation = EXCLUDED.incarnation, api_url = EXCLUDED.api_url,"
                + " inventory = EXCLUDED.inventory, hosts = EXCLUDED.hosts, heartbeat = EXCLUDED.heartbeat,"
                + " started_at = CASE WHEN n.incarnation = EXCLUDED.incarnation THEN n.started_at ELSE EXCLUDED.started_at END"
                + " WHERE n.incarnation = EXCLUDED.incarnation OR n.heartbeat < EXCLUDED.heartbeat - ?"
                + " RETURNING heartbeat";
        return run("heartbeat", c -> {
            try (PreparedStatement ps = statement(c, sql)) {
                ps.setString(1, node);
                ps.setString(2, incarnation);
                ps.setString(3, apiUrl);
                ps.setString(4, inventory);
                ps.setInt(5, hosts);
                ps.setLong(6, ttl.toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    /** Removes this node's row (a clean stop): the others take its hosts at their next sweep. */
    public void leave(String node, String incarnation) {
        run("leaving the cluster", c -> {
            try (PreparedStatement ps = statement(c, "DELETE FROM tcpfleet_node WHERE name = ? AND incarnation = ?")) {
                ps.setString(1, node);
                ps.setString(2, incarnation);
                return ps.executeUpdate();
            }
        });
    }

    /** The nodes whose heartbeat is newer than {@code ttl} by the database's clock, by name. */
    public List<ClusterMember> liveMembers(Duration ttl) {
        return run("reading the cluster's nodes", c -> {
            try (PreparedStatement ps = statement(c, "SELECT name, api_url, inventory, hosts, started_at, heartbeat"
                    + " FROM tcpfleet_node WHERE heartbeat > " + DB_NOW + " - ? ORDER BY name")) {
                ps.setLong(1, ttl.toMillis());
                List<ClusterMember> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ClusterMember(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Claims these hosts for {@code node} in {@code slot}, in one statement; returns those it got
     * (the others some node had claimed already).
     */
    public Set<String> claim(long slot, String node, Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return Set.of();
        }
        return run("claiming hosts", c -> {
            try (PreparedStatement ps = statement(c, "INSERT INTO tcpfleet_claim (slot, host, node)"
                    + " SELECT ?, h, ? FROM unnest(?) AS h ON CONFLICT DO NOTHING RETURNING host")) {
                Array names = c.createArrayOf("varchar", hosts.toArray());
                ps.setLong(1, slot);
                ps.setString(2, node);
                ps.setArray(3, names);
                Set<String> got = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        got.add(rs.getString(1));
                    }
                }
                return got;
            }
        });
    }

    /** Who claimed which host in {@code slot}. */
    public Map<String, String> claims(long slot) {
        return run("reading claims", c -> {
            try (PreparedStatement ps = statement(c, "SELECT host, node FROM tcpfleet_claim WHERE slot = ? ORDER BY host")) {
                ps.setLong(1, slot);
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    /** Forgets claims of slots before {@code slot}; returns how many. */
    public int prune(long slot) {
        return run("pruning claims", c -> {
            try (PreparedStatement ps = statement(c, "DELETE FROM tcpfleet_claim WHERE slot < ?")) {
                ps.setLong(1, slot);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Deletes the rows of nodes silent for longer than {@code after}: nodes killed without leaving
     * (kill -9, a lost machine), each restart of which adds a row under a new default name.
     * Returns how many.
     */
    public int forgetSilent(Duration after) {
        return run("forgetting silent nodes", c -> {
            try (PreparedStatement ps = statement(c, "DELETE FROM tcpfleet_node WHERE heartbeat < " + DB_NOW + " - ?")) {
                ps.setLong(1, after.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static PreparedStatement statement(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return ps;
    }

    private <T> T run(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            StoreException t = dialect.translate(e, where);
            throw new StoreException(what + ": " + t.getMessage(), t.getCause());
        }
    }
}
