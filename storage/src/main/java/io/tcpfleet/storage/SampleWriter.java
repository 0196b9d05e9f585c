package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes one sweep in the caller's transaction: a sample row per host (its state counts), the
 * host's exact latest breakdown on its host row, and a history breakdown only when it moved beyond
 * {@link Breakdown}'s deadband since the one last stored.
 */
final class SampleWriter {

    private static final int ERROR_LIMIT = 2000;
    private static final int REASON_LIMIT = 500;
    private static final String[] ID = {"id"};

    private SampleWriter() {
    }

    /** A host row as the sweep finds it, with the breakdown last stored for it (or nulls). */
    private record HostRow(long id, Host host, Long breakdownId, Long breakdownTs, byte[] stored) {
    }

    /** The id of the sweep stored with exactly these times, if any. */
    static java.util.Optional<Long> findSweep(Connection c, Instant started, Instant finished) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Sql.FIND_SWEEP)) {
            ps.setLong(1, started.toEpochMilli());
            ps.setLong(2, finished.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getLong(1)) : java.util.Optional.empty();
            }
        }
    }

    /** {@code staleAfter}: when these samples stop being current (a daemon's sweep), or null (a one-off poll). */
    static long write(Connection c, Instant started, Instant finished, List<PollResult> results, Duration staleAfter)
            throws SQLException {
        int ok = (int) results.stream().filter(PollResult::ok).count();
        long sweepId;
        try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_SWEEP, ID)) {
            ps.setLong(1, started.toEpochMilli());
            ps.setLong(2, finished.toEpochMilli());
            ps.setInt(3, ok);
            ps.setInt(4, results.size() - ok);
            ps.executeUpdate();
            sweepId = generatedKey(ps);
        }
        try (PreparedStatement find = c.prepareStatement(Sql.FIND_HOST);
             PreparedStatement insertHost = c.prepareStatement(Sql.INSERT_HOST, ID);
             PreparedStatement updateHost = c.prepareStatement(Sql.UPDATE_HOST);
             PreparedStatement insertBreakdown = c.prepareStatement(Sql.INSERT_BREAKDOWN, ID);
             PreparedStatement sample = c.prepareStatement(Sql.INSERT_SAMPLE, ID);
             PreparedStatement latest = c.prepareStatement(Sql.UPDATE_LATEST)) {
            for (PollResult r : results) {
                HostRow h = hostRow(find, insertHost, updateHost, r.host(), r.polledAt());
                byte[] exact = null;
                Long breakdownId = h.breakdownId;
                Long breakdownTs = h.breakdownTs;
                if (r.ok()) {
                    Breakdown now = Breakdown.of(r.tally());
                    exact = BreakdownCodec.encode(now);
                    Breakdown stored = h.stored == null ? null : BreakdownCodec.decode(h.stored);
                    Instant storedAt = h.stored == null ? null : Instant.ofEpochMilli(h.breakdownTs);
                    if (Breakdown.worthStoring(stored, storedAt, now, r.polledAt())) {
                        insertBreakdown.setLong(1, h.id);
                        insertBreakdown.setLong(2, r.polledAt().toEpochMilli());
                        insertBreakdown.setBytes(3, exact);
                        insertBreakdown.executeUpdate();
                        breakdownId = generatedKey(insertBreakdown);
                        breakdownTs = r.polledAt().toEpochMilli();
                    }
                }
                long sampleId = insertSample(sample, h.id, sweepId, r, r.ok() ? breakdownId : null);
                latest.setLong(1, sampleId);
                latest.setLong(2, r.polledAt().toEpochMilli());
                latest.setLong(3, r.polledAt().toEpochMilli());
                latest.setBytes(4, exact);
                setLong(latest, 5, breakdownId);
                setLong(latest, 6, breakdownTs);
                setLong(latest, 7, staleAfter == null ? null : staleAfter.toMillis());
                latest.setLong(8, h.id);
                latest.setLong(9, r.polledAt().toEpochMilli());
                latest.addBatch();
            }
            updateHost.executeBatch();
            latest.executeBatch();
        }
        return sweepId;
    }

    private static HostRow hostRow(PreparedStatement find, PreparedStatement insert, PreparedStatement update, Host h,
                                   Instant seen) throws SQLException {
        find.setString(1, h.name());
        try (ResultSet rs = find.executeQuery()) {
            if (rs.next()) {
                long id = rs.getLong(1);
                if (!Objects.equals(rs.getString(2), h.address()) || rs.getInt(3) != h.port()
                        || !Objects.equals(rs.getString(4), h.user()) || !byteOrder(h.byteOrder()).equals(rs.getString(5))) {
                    bindAttributes(update, 1, h);
                    update.setLong(5, id);
                    update.addBatch();
                }
                long breakdownId = rs.getLong(6);
                boolean none = rs.wasNull();
                long breakdownTs = rs.getLong(7);
                return none ? new HostRow(id, h, null, null, null) : new HostRow(id, h, breakdownId, breakdownTs, rs.getBytes(8));
            }
        }
        insert.setString(1, h.name());
        bindAttributes(insert, 2, h);
        insert.setLong(6, seen.toEpochMilli());
        insert.setLong(7, seen.toEpochMilli());
        insert.executeUpdate();
        return new HostRow(generatedKey(insert), h, null, null, null);
    }

    /** Address, port, user and byte order from parameter {@code i} on. */
    private static void bindAttributes(PreparedStatement ps, int i, Host h) throws SQLException {
        ps.setString(i, h.address());
        ps.setInt(i + 1, h.port());
        ps.setString(i + 2, h.user());
        ps.setString(i + 3, byteOrder(h.byteOrder()));
    }

    private static long insertSample(PreparedStatement ps, long hostId, long sweepId, PollResult r, Long breakdownId)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, hostId);
        ps.setLong(i++, sweepId);
        ps.setLong(i++, r.polledAt().toEpochMilli());
        ps.setLong(i++, r.duration().toMillis());
        ps.setString(i++, r.status().name());
        ps.setString(i++, truncate(r.error(), ERROR_LIMIT));
        ps.setString(i++, truncate(r.note(), ERROR_LIMIT));
        ps.setLong(i++, r.bytes());
        SocketTally t = r.tally();
        i = StateColumns.bind(ps, i, t == null ? null : t.states());
        if (t == null) {
            for (int k = 0; k < 8; k++) {
                ps.setNull(i++, k == 7 ? Types.VARCHAR : Types.BIGINT);
            }
        } else {
            ps.setLong(i++, t.total());
            ps.setLong(i++, t.ipv4());
            ps.setLong(i++, t.ipv6());
            ps.setLong(i++, t.parse().lines());
            ps.setLong(i++, t.parse().headers());
            ps.setLong(i++, t.parse().malformed());
            ps.setLong(i++, t.parse().firstBadLine());
            ps.setString(i++, truncate(t.parse().firstBadReason(), REASON_LIMIT));
        }
        setLong(ps, i, breakdownId);
        ps.executeUpdate();
        return generatedKey(ps);
    }

    static String byteOrder(ByteOrder o) {
        return o == ByteOrder.BIG_ENDIAN ? "BIG_ENDIAN" : "LITTLE_ENDIAN";
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated key returned");
            }
            return keys.getLong(1);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
