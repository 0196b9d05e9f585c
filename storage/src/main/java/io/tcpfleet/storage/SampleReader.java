package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads samples back into {@link PollResult}s. */
final class SampleReader {

    private SampleReader() {
    }

    static List<StoredSample> latest(Connection c) throws SQLException {
        return assemble(query(c, Sql.LATEST, ps -> { }), Map.of());
    }

    /**
     * The latest sample of the host with this name; else of every host with this address, by name
     * (several hosts may share an address, on other SSH ports: the caller must not pick one).
     */
    static List<StoredSample> latestMatching(Connection c, String nameOrAddress) throws SQLException {
        List<Row> rows = query(c, Sql.LATEST_BY_NAME, ps -> ps.setString(1, nameOrAddress));
        if (rows.isEmpty()) {
            rows = new ArrayList<>(query(c, Sql.LATEST_BY_ADDRESS, ps -> ps.setString(1, nameOrAddress)));
            rows.sort(Comparator.comparing(r -> r.result.host().name()));
        }
        return assemble(rows, Map.of());
    }

    /** By name first, then by address (Zabbix may pass either); an address several hosts share is an error. */
    static Optional<StoredSample> latest(Connection c, String nameOrAddress) throws SQLException {
        List<StoredSample> found = latestMatching(c, nameOrAddress);
        if (found.size() > 1) {
            throw new AmbiguousHostException(nameOrAddress, found.stream().map(x -> x.result().host().name()).toList());
        }
        return found.stream().findFirst();
    }

    /** Every host's newest sample polled at or before {@code at}, states only: "N minutes ago" for reports. */
    static List<StoredSample> asOf(Connection c, Instant at) throws SQLException {
        Map<String, Row> newest = new LinkedHashMap<>();
        for (Row r : query(c, Sql.AS_OF, ps -> ps.setLong(1, at.toEpochMilli()), false)) {
            newest.put(r.result.host().name(), r); // two samples of one host at one instant: the later written
        }
        return assemble(new ArrayList<>(newest.values()), Map.of());
    }

    /**
     * Every host's successful samples in {@code [from, to]}, state counts only, by host name, oldest
     * first. Millions of rows for a large fleet: the caller streams them ({@link Dialect#streaming})
     * into flat arrays per host, which become the hosts' {@link StateHistory} as they are.
     */
    static Map<String, StateHistory> stateHistory(Connection c, Instant from, Instant to) throws SQLException {
        return scan(c, hostNames(c), from, to);
    }

    /** {@link Sql#STATE_HISTORY}'s rows of the whole fleet, by host name ({@code names}: host id to name). */
    private static Map<String, StateHistory> scan(Connection c, Map<Long, String> names, Instant from, Instant to)
            throws SQLException {
        Map<Long, HostSeries> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.STATE_HISTORY)) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                HostSeries last = null;
                while (rs.next()) {
                    long host = rs.getLong(1);
                    if (last == null || last.host != host) {
                        last = rows.computeIfAbsent(host, HostSeries::new);
                    }
                    last.add(rs); // by index: name lookups cost more than the read
                }
            }
        }
        Map<String, StateHistory> out = new HashMap<>();
        rows.forEach((id, series) -> out.put(names.get(id), series.history()));
        return out;
    }

    /**
     * The same for the named hosts only (unknown names are left out). A few hosts of a large fleet
     * are read host by host through the (host_id, ts) index; beyond a quarter of the fleet one scan
     * costs less. (A host list as an array parameter is no help: H2 then scans the whole index.)
     */
    static Map<String, StateHistory> stateHistory(Connection c, Instant from, Instant to, Collection<String> hosts)
            throws SQLException {
        Map<Long, String> fleet = hostNames(c);
        Set<String> wanted = new HashSet<>(hosts);
        Map<Long, String> names = new HashMap<>(fleet);
        names.values().removeIf(n -> !wanted.contains(n));
        if (names.size() > fleet.size() / 4) {
            Map<String, StateHistory> all = scan(c, fleet, from, to);
            all.keySet().retainAll(wanted);
            return all;
        }
        Map<String, StateHistory> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.HOST_STATE_HISTORY)) {
            for (Map.Entry<Long, String> host : names.entrySet()) {
                ps.setLong(1, host.getKey());
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                HostSeries series = new HostSeries(host.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        series.add(rs);
                    }
                }
                if (series.size > 0) {
                    out.put(host.getValue(), series.history());
                }
            }
        }
        return out;
    }

    private static Map<Long, String> hostNames(Connection c) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.HOST_NAMES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.put(rs.getLong(1), rs.getString(2));
            }
        }
        return names;
    }

    /** One host's rows of {@link Sql#STATE_HISTORY} as read: times and the state columns, in flat arrays. */
    private static final class HostSeries {
        private static final int STATES = TcpState.COUNT;
        final long host;
        private long[] times = new long[64];
        private int[] counts = new int[64 * STATES];
        private int size;
        private boolean sorted = true;

        HostSeries(long host) {
            this.host = host;
        }

        void add(ResultSet rs) throws SQLException {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                counts = Arrays.copyOf(counts, size * 2 * STATES);
            }
            long ts = rs.getLong(2);
            sorted &= size == 0 || times[size - 1] <= ts;
            times[size] = ts;
            for (int i = 0; i < STATES; i++) {
                counts[size * STATES + i] = rs.getInt(3 + i);
            }
            size++;
        }

        StateHistory history() {
            if (sorted) { // rows come in index or insertion order: nearly always by time already
                return StateHistory.of(times, counts, size);
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> times[i])); // stable: equal times keep their order
            long[] t = new long[size];
            int[] c = new int[size * STATES];
            for (int k = 0; k < size; k++) {
                t[k] = times[order[k]];
                System.arraycopy(counts, order[k] * STATES, c, k * STATES, STATES);
            }
            return StateHistory.of(t, c, size);
        }
    }

    static List<StoredSample> history(Connection c, String host, Instant from, Instant to, boolean breakdowns)
            throws SQLException {
        Long hostId = hostId(c, host);
        if (hostId == null) {
            return List.of();
        }
        List<Row> rows = query(c, Sql.HISTORY, ps -> {
            ps.setLong(1, hostId);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
        });
        Map<Long, byte[]> stored = new HashMap<>();
        if (breakdowns && !rows.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(Sql.HISTORY_BREAKDOWNS)) {
                ps.setLong(1, hostId);
                ps.setLong(2, from.minus(Breakdown.MAX_AGE).toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getLong(1), rs.getBytes(2));
                    }
                }
            }
        } else {
            rows = rows.stream().map(Row::withoutBreakdown).toList();
        }
        return assemble(rows, stored);
    }

    static List<Host> hosts(Connection c) throws SQLException {
        List<Host> hosts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.HOSTS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hosts.add(host(rs));
            }
        }
        return hosts;
    }

    /** The host with this name, else the one host with this address (several: ambiguous, an error). */
    private static Long hostId(Connection c, String host) throws SQLException {
        for (String sql : new String[] {Sql.HOST_ID_BY_NAME, Sql.HOST_ID_BY_ADDRESS}) {
            Map<Long, String> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            if (found.size() > 1) {
                throw new AmbiguousHostException(host, found.values().stream().sorted().toList());
            }
            if (!found.isEmpty()) {
                return found.keySet().iterator().next();
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * A sample as read, before its breakdown is attached: the exact one when it is its host's latest,
     * else the id of the one history stored for it.
     */
    private record Row(long id, long sweepId, PollResult result, byte[] latestBreakdown, Long breakdownId,
                       Optional<Duration> staleAfter) {
        Row withoutBreakdown() {
            return new Row(id, sweepId, result, null, null, staleAfter);
        }
    }

    private static List<Row> query(Connection c, String sql, Binder binder) throws SQLException {
        return query(c, sql, binder, true);
    }

    /** {@code withLatest}: the statement selects {@code latest_breakdown} and {@code stale_after_ms} too. */
    private static List<Row> query(Connection c, String sql, Binder binder, boolean withLatest) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, withLatest));
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs, boolean withLatest) throws SQLException {
        PollStatus status = PollStatus.valueOf(rs.getString("status"));
        long bytes = rs.getLong("bytes");
        SocketTally tally = null;
        if (status.ok()) {
            ParseStats parse = new ParseStats(bytes, rs.getLong("lines"), rs.getInt("headers"),
                    rs.getLong("malformed"), rs.getLong("first_bad_line"), rs.getString("first_bad_reason"));
            tally = new SocketTally(StateColumns.read(rs), rs.getLong("ipv4"), rs.getLong("ipv6"), List.of(),
                    List.of(), null, parse);
        }
        PollResult result = new PollResult(host(rs), Instant.ofEpochMilli(rs.getLong("ts")),
                Duration.ofMillis(rs.getLong("duration_ms")), status, rs.getString("error"), rs.getString("note"),
                bytes, tally);
        long breakdownId = rs.getLong("breakdown_id");
        Long ref = rs.wasNull() ? null : breakdownId;
        Optional<Duration> staleAfter = Optional.empty();
        if (withLatest) {
            long ms = rs.getLong("stale_after_ms");
            staleAfter = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
        }
        return new Row(rs.getLong("id"), rs.getLong("sweep_id"), result,
                withLatest ? rs.getBytes("latest_breakdown") : null, ref, staleAfter);
    }

    private static Host host(ResultSet rs) throws SQLException {
        ByteOrder order = "BIG_ENDIAN".equals(rs.getString("byte_order")) ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        return new Host(rs.getString("name"), rs.getString("address"), rs.getInt("port"),
                rs.getString("ssh_user"), order);
    }

    /** Attaches each successful sample's breakdown: its host's exact latest one, else the one history kept. */
    private static List<StoredSample> assemble(List<Row> rows, Map<Long, byte[]> stored) {
        Map<Long, Breakdown> decoded = new HashMap<>();
        List<StoredSample> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            PollResult p = r.result;
            byte[] data = r.latestBreakdown != null ? r.latestBreakdown : r.breakdownId == null ? null : stored.get(r.breakdownId);
            if (p.ok() && data != null) {
                Breakdown b = r.latestBreakdown != null ? BreakdownCodec.decode(data)
                        : decoded.computeIfAbsent(r.breakdownId, k -> BreakdownCodec.decode(data));
                p = new PollResult(p.host(), p.polledAt(), p.duration(), p.status(), p.error(), p.note(), p.bytes(),
                        b.attachTo(p.tally()));
            }
            out.add(new StoredSample(r.id, r.sweepId, p, r.staleAfter));
        }
        return out;
    }
}
