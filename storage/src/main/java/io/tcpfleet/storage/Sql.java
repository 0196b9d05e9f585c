package io.tcpfleet.storage;

/**
 * Every statement that reads or writes samples, by name, in SQL that H2 and PostgreSQL both run.
 * What differs between them is in {@link Dialect}. Samples are found through
 * {@code (host_id, ts)}, the index both engines have (on PostgreSQL {@code sample} is partitioned
 * by {@code ts} and has no index on {@code id} alone).
 */
final class Sql {

    private Sql() {
    }

    // ---- writing a sweep

    static final String INSERT_SWEEP = "INSERT INTO sweep (started_at, finished_at, hosts_ok, hosts_failed)"
            + " VALUES (?, ?, ?, ?)";

    /** A sweep already stored: a write retried after an unclear failure must not store it twice. */
    static final String FIND_SWEEP = "SELECT id FROM sweep WHERE started_at = ? AND finished_at = ?";

    /** The host and the breakdown last stored for it: what the next one is compared with. */
    static final String FIND_HOST = "SELECT h.id, h.address, h.port, h.ssh_user, h.byte_order, h.breakdown_id,"
            + " h.breakdown_ts, b.data FROM host h LEFT JOIN breakdown b"
            + " ON b.host_id = h.id AND b.ts = h.breakdown_ts AND b.id = h.breakdown_id WHERE h.name = ?";

    static final String INSERT_HOST = "INSERT INTO host (name, address, port, ssh_user, byte_order, first_seen,"
            + " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)";

    static final String UPDATE_HOST = "UPDATE host SET address = ?, port = ?, ssh_user = ?, byte_order = ? WHERE id = ?";

    static final String INSERT_BREAKDOWN = "INSERT INTO breakdown (host_id, ts, data) VALUES (?, ?, ?)";

    static final String INSERT_SAMPLE = "INSERT INTO sample (host_id, sweep_id, ts, duration_ms, status, error,"
            + " note, bytes, " + StateColumns.LIST + ", st_total, ipv4, ipv6, lines, headers, malformed,"
            + " first_bad_line, first_bad_reason, breakdown_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + StateColumns.PLACEHOLDERS + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The host's latest sample, its exact breakdown and the breakdown last stored. A sweep written
     * late (older than what the host has) leaves them alone.
     */
    static final String UPDATE_LATEST = "UPDATE host SET last_sample_id = ?, last_sample_ts = ?, last_seen = ?,"
            + " breakdown = ?, breakdown_id = ?, breakdown_ts = ?, stale_after_ms = ?"
            + " WHERE id = ? AND (last_sample_ts IS NULL OR last_sample_ts <= ?)";

    // ---- reading

    private static final String SAMPLE_COLUMNS = "s.id, s.sweep_id, s.ts, s.duration_ms, s.status, s.error,"
            + " s.note, s.bytes, " + prefixed("s.") + ", s.ipv4, s.ipv6, s.lines, s.headers, s.malformed,"
            + " s.first_bad_line, s.first_bad_reason, s.breakdown_id,"
            + " h.name, h.address, h.port, h.ssh_user, h.byte_order";

    /** With the host's exact latest breakdown, on the row of its latest sample only. */
    private static final String WITH_LATEST_BREAKDOWN = SAMPLE_COLUMNS
            + ", CASE WHEN s.id = h.last_sample_id THEN h.breakdown END AS latest_breakdown"
            + ", CASE WHEN s.id = h.last_sample_id THEN h.stale_after_ms END AS stale_after_ms";

    private static final String LATEST_JOIN = " FROM host h JOIN sample s"
            + " ON s.host_id = h.id AND s.ts = h.last_sample_ts AND s.id = h.last_sample_id";

    static final String LATEST = "SELECT " + WITH_LATEST_BREAKDOWN + LATEST_JOIN + " ORDER BY h.name";

    static final String LATEST_BY_NAME = "SELECT " + WITH_LATEST_BREAKDOWN + LATEST_JOIN + " WHERE h.name = ?";

    static final String LATEST_BY_ADDRESS = "SELECT " + WITH_LATEST_BREAKDOWN + LATEST_JOIN
            + " WHERE h.address = ? ORDER BY s.ts DESC, h.name";

    /** Each host's newest sample at or before a time; the index order makes it one probe per host. */
    static final String AS_OF = "SELECT " + SAMPLE_COLUMNS + " FROM host h JOIN sample s ON s.host_id = h.id"
            + " AND s.ts = (SELECT s2.ts FROM sample s2 WHERE s2.host_id = h.id AND s2.ts <= ?"
            + " ORDER BY s2.host_id DESC, s2.ts DESC FETCH FIRST 1 ROW ONLY) ORDER BY h.name, s.id";

    static final String HISTORY = "SELECT " + WITH_LATEST_BREAKDOWN + " FROM sample s JOIN host h ON h.id = s.host_id"
            + " WHERE s.host_id = ? AND s.ts >= ? AND s.ts <= ? ORDER BY s.ts, s.id";

    /** The breakdowns samples in a range may point to: stored at most {@link Breakdown#MAX_AGE} before. */
    static final String HISTORY_BREAKDOWNS = "SELECT id, data FROM breakdown WHERE host_id = ? AND ts >= ? AND ts <= ?";

    static final String STATE_HISTORY = "SELECT s.host_id, s.ts, " + StateColumns.LIST
            + " FROM sample s WHERE s.ts >= ? AND s.ts <= ? AND s.status = 'OK'";

    /** {@link #STATE_HISTORY} of one host, by the (host_id, ts) index: the same columns in the same order. */
    static final String HOST_STATE_HISTORY = "SELECT s.host_id, s.ts, " + StateColumns.LIST
            + " FROM sample s WHERE s.host_id = ? AND s.ts >= ? AND s.ts <= ? AND s.status = 'OK'";

    static final String HOST_NAMES = "SELECT id, name FROM host";

    static final String HOSTS = "SELECT name, address, port, ssh_user, byte_order FROM host ORDER BY name";

    static final String HOST_ID_BY_NAME = "SELECT id, name FROM host WHERE name = ? ORDER BY id";

    static final String HOST_ID_BY_ADDRESS = "SELECT id, name FROM host WHERE address = ? ORDER BY id";

    // ---- retention, on both engines

    /** Hosts whose latest sample retention deleted have none. */
    static final String FORGET_DELETED_LATEST = "UPDATE host SET last_sample_id = NULL, last_sample_ts = NULL,"
            + " breakdown = NULL WHERE last_sample_ts < ?";

    /** A sweep's samples were polled before it finished: once they are gone, so is the sweep. */
    static final String DELETE_SWEEPS = "DELETE FROM sweep WHERE finished_at < ?";

    // ---- schema

    static final String SCHEMA_VERSION = "SELECT MAX(version) FROM schema_version";

    static final String RECORD_VERSION = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)";

    private static String prefixed(String p) {
        return p + StateColumns.LIST.replace(", ", ", " + p);
    }
}
