package io.tcpfleet.storage;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that bring an older schema up to date, one version each. Every step can run again
 * after a crash half-way (H2 commits each DDL statement by itself).
 */
final class SchemaUpgrades {

    private SchemaUpgrades() {
    }

    static void to(int version, Connection c, Dialect d) throws SQLException {
        if (version == 2 && d instanceof H2Dialect) {
            toCompactBreakdowns(c, d);
            return;
        }
        if (version == 3) { // a host's staleness limit, as the daemon that polls it sets it
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE host ADD COLUMN IF NOT EXISTS stale_after_ms BIGINT");
            }
            return;
        }
        if (version == 4) {
            try (Statement st = c.createStatement()) {
                for (String sql : SchemaMigrations.clusterTables()) {
                    st.execute(sql);
                }
            }
            return;
        }
        // PostgreSQL support began with version 2: nothing older can exist there.
        throw new StoreException("no upgrade to schema version " + version + " on " + d.engine());
    }

    /**
     * Version 1 kept a row per port and per peer of every sample (~4.6 KB per host-sample). Version
     * 2 keeps each host's latest breakdown exactly on its host row and a history of breakdowns that
     * moved beyond a deadband, encoded by {@link BreakdownCodec}. The latest breakdown of every host
     * is converted, and becomes the first of its history; older per-sample breakdowns (which no
     * command shows) are not carried over. The foreign keys go: each cost an index entry per sample.
     */
    private static void toCompactBreakdowns(Connection c, Dialect d) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String column : List.of("last_sample_ts BIGINT", "breakdown " + d.binaryType(), "breakdown_id BIGINT",
                    "breakdown_ts BIGINT")) {
                st.execute("ALTER TABLE host ADD COLUMN IF NOT EXISTS " + column);
            }
            st.execute("ALTER TABLE sample ADD COLUMN IF NOT EXISTS breakdown_id BIGINT");
            if (!SchemaMigrations.tableExists(c, "breakdown")) {
                for (String sql : SchemaMigrations.breakdownTable(d)) {
                    st.execute(sql);
                }
            }
            st.execute("UPDATE host SET last_sample_ts = (SELECT s.ts FROM sample s WHERE s.id = host.last_sample_id)");
            if (SchemaMigrations.tableExists(c, "sample_port")) {
                convertLatest(c);
            }
            List<String> foreignKeys = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT constraint_name FROM information_schema.table_constraints"
                    + " WHERE table_schema = CURRENT_SCHEMA AND table_name = 'SAMPLE' AND constraint_type = 'FOREIGN KEY'")) {
                while (rs.next()) {
                    foreignKeys.add(rs.getString(1));
                }
            }
            for (String fk : foreignKeys) {
                st.execute("ALTER TABLE sample DROP CONSTRAINT \"" + fk.replace("\"", "\"\"") + "\"");
            }
            st.execute("DROP TABLE IF EXISTS sample_peer");
            st.execute("DROP TABLE IF EXISTS sample_port");
        }
    }

    private static void convertLatest(Connection c) throws SQLException {
        record Latest(long hostId, long sampleId, long ts) {
        }
        List<Latest> latest = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT h.id, s.id, s.ts FROM host h JOIN sample s ON s.id = h.last_sample_id"
                     + " WHERE s.status = 'OK'")) {
            while (rs.next()) {
                latest.add(new Latest(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        try (PreparedStatement ports = c.prepareStatement("SELECT * FROM sample_port WHERE sample_id = ? ORDER BY port");
             PreparedStatement peers = c.prepareStatement("SELECT * FROM sample_peer WHERE sample_id = ? ORDER BY rank");
             PreparedStatement insert = c.prepareStatement(Sql.INSERT_BREAKDOWN, new String[] {"id"});
             PreparedStatement sample = c.prepareStatement("UPDATE sample SET breakdown_id = ? WHERE id = ?");
             PreparedStatement host = c.prepareStatement("UPDATE host SET breakdown = ?, breakdown_id = ?,"
                     + " breakdown_ts = ? WHERE id = ?")) {
            for (Latest l : latest) {
                List<PortTally> portList = new ArrayList<>();
                ports.setLong(1, l.sampleId);
                try (ResultSet rs = ports.executeQuery()) {
                    while (rs.next()) {
                        portList.add(new PortTally(rs.getInt("port"), rs.getInt("listeners"), rs.getLong("accept_queue"),
                                StateColumns.read(rs)));
                    }
                }
                List<PeerTally> peerList = new ArrayList<>();
                PeerTally other = null;
                peers.setLong(1, l.sampleId);
                try (ResultSet rs = peers.executeQuery()) {
                    while (rs.next()) {
                        PeerTally p = new PeerTally(rs.getString("address"), rs.getInt("port"), rs.getBoolean("inbound"),
                                rs.getLong("peers"), StateColumns.read(rs));
                        if (p.isOther()) {
                            other = p;
                        } else {
                            peerList.add(p);
                        }
                    }
                }
                byte[] data = BreakdownCodec.encode(new Breakdown(portList, peerList, other));
                insert.setLong(1, l.hostId);
                insert.setLong(2, l.ts);
                insert.setBytes(3, data);
                insert.executeUpdate();
                long id;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                sample.setLong(1, id);
                sample.setLong(2, l.sampleId);
                sample.executeUpdate();
                host.setBytes(1, data);
                host.setLong(2, id);
                host.setLong(3, l.ts);
                host.setLong(4, l.hostId);
                host.executeUpdate();
            }
        }
    }
}
