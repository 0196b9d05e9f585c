package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes one sweep — every host's sample and breakdowns — in one transaction. */
final class SampleWriter {

    private static final int ERROR_LIMIT = 2000;
    private static final int REASON_LIMIT = 500;

    private static final String INSERT_SAMPLE = "INSERT INTO sample (host_id, sweep_id, ts, duration_ms,"
            + " status, error, note, bytes, " + StateColumns.LIST + ", st_total, ipv4, ipv6, lines, headers,"
            + " malformed, first_bad_line, first_bad_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + StateColumns.PLACEHOLDERS + ", ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PORT = "INSERT INTO sample_port (sample_id, port, listeners,"
            + " accept_queue, " + StateColumns.LIST + ") VALUES (?, ?, ?, ?, " + StateColumns.PLACEHOLDERS + ")";
    private static final String INSERT_PEER = "INSERT INTO sample_peer (sample_id, rank, address, port,"
            + " inbound, peers, " + StateColumns.LIST + ") VALUES (?, ?, ?, ?, ?, ?, " + StateColumns.PLACEHOLDERS + ")";

    private SampleWriter() {
    }

    static long write(Connection c, Instant started, Instant finished, List<PollResult> results)
            throws SQLException {
        int ok = (int) results.stream().filter(PollResult::ok).count();
        long sweepId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sweep (started_at, finished_at,"
                + " hosts_ok, hosts_failed) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, started.toEpochMilli());
            ps.setLong(2, finished.toEpochMilli());
            ps.setInt(3, ok);
            ps.setInt(4, results.size() - ok);
            ps.executeUpdate();
            sweepId = generatedKey(ps);
        }
        try (PreparedStatement sample = c.prepareStatement(INSERT_SAMPLE, Statement.RETURN_GENERATED_KEYS);
             PreparedStatement port = c.prepareStatement(INSERT_PORT);
             PreparedStatement peer = c.prepareStatement(INSERT_PEER);
             PreparedStatement latest = c.prepareStatement(
                     "UPDATE host SET last_sample_id = ?, last_seen = ? WHERE id = ?")) {
            for (PollResult r : results) {
                long hostId = upsertHost(c, r.host(), r.polledAt());
                long sampleId = insertSample(sample, hostId, sweepId, r);
                SocketTally t = r.tally();
                if (t != null) {
                    for (PortTally p : t.ports()) {
                        port.setLong(1, sampleId);
                        port.setInt(2, p.port());
                        port.setInt(3, p.listeners());
                        port.setLong(4, p.acceptQueue());
                        StateColumns.bind(port, 5, p.states());
                        port.addBatch();
                    }
                    List<PeerTally> peers = new ArrayList<>(t.peers());
                    if (t.otherPeers() != null) {
                        peers.add(t.otherPeers());
                    }
                    int rank = 0;
                    for (PeerTally p : peers) {
                        peer.setLong(1, sampleId);
                        peer.setInt(2, rank++);
                        peer.setString(3, p.address());
                        peer.setInt(4, p.port());
                        peer.setBoolean(5, p.inbound());
                        peer.setLong(6, p.peers());
                        StateColumns.bind(peer, 7, p.states());
                        peer.addBatch();
                    }
                }
                latest.setLong(1, sampleId);
                latest.setLong(2, r.polledAt().toEpochMilli());
                latest.setLong(3, hostId);
                latest.addBatch();
            }
            port.executeBatch();
            peer.executeBatch();
            latest.executeBatch();
        }
        return sweepId;
    }

    private static long insertSample(PreparedStatement ps, long hostId, long sweepId, PollResult r)
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
        ps.executeUpdate();
        return generatedKey(ps);
    }

    private static long upsertHost(Connection c, Host h, Instant seen) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT id FROM host WHERE name = ?")) {
            find.setString(1, h.name());
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    try (PreparedStatement up = c.prepareStatement("UPDATE host SET address = ?, port = ?,"
                            + " ssh_user = ?, byte_order = ? WHERE id = ?")) {
                        up.setString(1, h.address());
                        up.setInt(2, h.port());
                        up.setString(3, h.user());
                        up.setString(4, byteOrder(h.byteOrder()));
                        up.setLong(5, id);
                        up.executeUpdate();
                    }
                    return id;
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO host (name, address, port, ssh_user,"
                + " byte_order, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, h.name());
            ins.setString(2, h.address());
            ins.setInt(3, h.port());
            ins.setString(4, h.user());
            ins.setString(5, byteOrder(h.byteOrder()));
            ins.setLong(6, seen.toEpochMilli());
            ins.setLong(7, seen.toEpochMilli());
            ins.executeUpdate();
            return generatedKey(ins);
        }
    }

    static String byteOrder(ByteOrder o) {
        return o == ByteOrder.BIG_ENDIAN ? "BIG_ENDIAN" : "LITTLE_ENDIAN";
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
