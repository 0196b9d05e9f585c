package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads samples back into {@link PollResult}s. */
final class SampleReader {

    private static final String SAMPLE_COLUMNS = "s.id, s.sweep_id, s.ts, s.duration_ms, s.status, s.error,"
            + " s.note, s.bytes, " + prefixed("s.") + ", s.ipv4, s.ipv6, s.lines, s.headers, s.malformed,"
            + " s.first_bad_line, s.first_bad_reason, h.name, h.address, h.port, h.ssh_user, h.byte_order";

    private SampleReader() {
    }

    private static String prefixed(String p) {
        return p + StateColumns.LIST.replace(", ", ", " + p);
    }

    static List<StoredSample> latest(Connection c) throws SQLException {
        String where = "FROM host h JOIN sample s ON s.id = h.last_sample_id";
        List<Row> rows = query(c, "SELECT " + SAMPLE_COLUMNS + " " + where + " ORDER BY h.name", ps -> { });
        return assemble(c, rows, "JOIN host h ON b.sample_id = h.last_sample_id", ps -> { }, true);
    }

    static Optional<StoredSample> latest(Connection c, String hostOrAddress) throws SQLException {
        for (String column : new String[] {"h.name", "h.address"}) {
            String sql = "SELECT " + SAMPLE_COLUMNS + " FROM host h JOIN sample s ON s.id = h.last_sample_id"
                    + " WHERE " + column + " = ? ORDER BY s.ts DESC";
            List<Row> rows = query(c, sql, ps -> ps.setString(1, hostOrAddress));
            if (!rows.isEmpty()) {
                Row row = rows.get(0);
                return Optional.of(assemble(c, List.of(row), "WHERE b.sample_id = ?",
                        ps -> ps.setLong(1, row.id), true).get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * The latest sample of the host with this name; else of every host with this address, by name
     * (several hosts may share an address, on other SSH ports: the caller must not pick one).
     */
    static List<StoredSample> latestMatching(Connection c, String nameOrAddress) throws SQLException {
        for (String column : new String[] {"h.name", "h.address"}) {
            String sql = "SELECT " + SAMPLE_COLUMNS + " FROM host h JOIN sample s ON s.id = h.last_sample_id"
                    + " WHERE " + column + " = ? ORDER BY h.name";
            List<Row> rows = query(c, sql, ps -> ps.setString(1, nameOrAddress));
            if (!rows.isEmpty()) {
                List<StoredSample> out = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    out.add(assemble(c, List.of(row), "WHERE b.sample_id = ?", ps -> ps.setLong(1, row.id), true).get(0));
                }
                return out;
            }
        }
        return List.of();
    }

    /** Every host's newest sample polled at or before {@code at}, states only: "N minutes ago" for reports. */
    static List<StoredSample> asOf(Connection c, Instant at) throws SQLException {
        String sql = "SELECT " + SAMPLE_COLUMNS + " FROM host h JOIN sample s ON s.id = (SELECT s2.id FROM sample s2"
                + " WHERE s2.host_id = h.id AND s2.ts <= ? ORDER BY s2.host_id DESC, s2.ts DESC FETCH FIRST 1 ROW ONLY)"
                + " ORDER BY h.name";
        List<Row> rows = query(c, sql, ps -> ps.setLong(1, at.toEpochMilli()));
        return assemble(c, rows, "", ps -> { }, false);
    }

    /** Every host's successful samples in {@code [from, to]}, state counts only, by host name, oldest first. */
    static Map<String, StateHistory> stateHistory(Connection c, Instant from, Instant to) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM host");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.put(rs.getLong(1), rs.getString(2));
            }
        }
        Map<Long, List<long[]>> rows = new HashMap<>();
        int states = io.tcpfleet.model.TcpState.COUNT;
        try (PreparedStatement ps = c.prepareStatement("SELECT s.host_id, s.ts, " + StateColumns.LIST
                + " FROM sample s WHERE s.ts >= ? AND s.ts <= ? AND s.status = 'OK'")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] r = new long[states + 1];
                    r[0] = rs.getLong(2);
                    for (int i = 0; i < states; i++) {
                        r[i + 1] = rs.getLong(3 + i); // by index: name lookups cost more than the read
                    }
                    rows.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(r);
                }
            }
        }
        Map<String, StateHistory> out = new HashMap<>();
        rows.forEach((id, list) -> {
            list.sort(java.util.Comparator.comparingLong(r -> r[0]));
            List<Instant> times = new ArrayList<>(list.size());
            List<io.tcpfleet.model.StateCounts> counts = new ArrayList<>(list.size());
            for (long[] r : list) {
                times.add(Instant.ofEpochMilli(r[0]));
                counts.add(io.tcpfleet.model.StateCounts.of(java.util.Arrays.copyOfRange(r, 1, r.length)));
            }
            String name = names.get(id);
            out.put(name, new StateHistory(times, counts));
        });
        return out;
    }

    static List<StoredSample> history(Connection c, String host, Instant from, Instant to, boolean breakdowns)
            throws SQLException {
        Long hostId = hostId(c, host);
        if (hostId == null) {
            return List.of();
        }
        String sql = "SELECT " + SAMPLE_COLUMNS + " FROM sample s JOIN host h ON h.id = s.host_id"
                + " WHERE s.host_id = ? AND s.ts >= ? AND s.ts <= ? ORDER BY s.ts, s.id";
        Binder range = ps -> {
            ps.setLong(1, hostId);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
        };
        List<Row> rows = query(c, sql, range);
        return assemble(c, rows, "JOIN sample s ON s.id = b.sample_id WHERE s.host_id = ? AND s.ts >= ? AND s.ts <= ?",
                range, breakdowns);
    }

    static List<Host> hosts(Connection c) throws SQLException {
        List<Host> hosts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, address, port, ssh_user, byte_order FROM host ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hosts.add(host(rs));
            }
        }
        return hosts;
    }

    /** Name first, then address: Zabbix may pass either. */
    private static Long hostId(Connection c, String host) throws SQLException {
        for (String column : new String[] {"name", "address"}) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM host WHERE " + column + " = ? ORDER BY id")) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        return null;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A sample row before its breakdowns are attached. */
    private record Row(long id, long sweepId, Host host, Instant ts, Duration duration, PollStatus status,
                       String error, String note, long bytes, SocketTally tally) {
    }

    private static List<Row> query(Connection c, String sql, Binder binder) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs) throws SQLException {
        PollStatus status = PollStatus.valueOf(rs.getString("status"));
        long bytes = rs.getLong("bytes");
        SocketTally tally = null;
        if (status.ok()) {
            ParseStats parse = new ParseStats(bytes, rs.getLong("lines"), rs.getInt("headers"),
                    rs.getLong("malformed"), rs.getLong("first_bad_line"), rs.getString("first_bad_reason"));
            tally = new SocketTally(StateColumns.read(rs), rs.getLong("ipv4"), rs.getLong("ipv6"), List.of(),
                    List.of(), null, parse);
        }
        return new Row(rs.getLong("id"), rs.getLong("sweep_id"), host(rs), Instant.ofEpochMilli(rs.getLong("ts")),
                Duration.ofMillis(rs.getLong("duration_ms")), status, rs.getString("error"), rs.getString("note"),
                bytes, tally);
    }

    private static Host host(ResultSet rs) throws SQLException {
        ByteOrder order = "BIG_ENDIAN".equals(rs.getString("byte_order")) ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        return new Host(rs.getString("name"), rs.getString("address"), rs.getInt("port"),
                rs.getString("ssh_user"), order);
    }

    /**
     * Attaches ports and peers to the rows. {@code scope} selects the breakdown rows of exactly
     * these samples in one query per table (alias {@code b}), not one query per sample.
     */
    private static List<StoredSample> assemble(Connection c, List<Row> rows, String scope, Binder binder,
                                               boolean breakdowns) throws SQLException {
        Map<Long, List<PortTally>> ports = new HashMap<>();
        Map<Long, List<PeerTally>> peers = new HashMap<>();
        Map<Long, PeerTally> others = new HashMap<>();
        if (breakdowns && rows.stream().anyMatch(r -> r.tally != null)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.* FROM sample_port b " + scope
                    + " ORDER BY b.sample_id, b.port")) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ports.computeIfAbsent(rs.getLong("sample_id"), k -> new ArrayList<>())
                                .add(new PortTally(rs.getInt("port"), rs.getInt("listeners"),
                                        rs.getLong("accept_queue"), StateColumns.read(rs)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT b.* FROM sample_peer b " + scope
                    + " ORDER BY b.sample_id, b.rank")) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("sample_id");
                        PeerTally p = new PeerTally(rs.getString("address"), rs.getInt("port"),
                                rs.getBoolean("inbound"), rs.getLong("peers"), StateColumns.read(rs));
                        if (p.isOther()) {
                            others.put(id, p);
                        } else {
                            peers.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
                        }
                    }
                }
            }
        }
        Map<Long, StoredSample> out = new LinkedHashMap<>();
        for (Row r : rows) {
            SocketTally t = r.tally;
            if (t != null && breakdowns) {
                t = new SocketTally(t.states(), t.ipv4(), t.ipv6(), ports.getOrDefault(r.id, List.of()),
                        peers.getOrDefault(r.id, List.of()), others.get(r.id), t.parse());
            }
            PollResult result = new PollResult(r.host, r.ts, r.duration, r.status, r.error, r.note, r.bytes, t);
            out.put(r.id, new StoredSample(r.id, r.sweepId, result));
        }
        return new ArrayList<>(out.values());
    }
}
