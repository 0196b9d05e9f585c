package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Breakdowns that wander within the deadband are stored once; what reads them sees no difference. */
@ParameterizedClass
@EnumSource(Engine.class)
class CompactHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final Host HOST = new Host("app1", "10.1.0.1", 22, "monitor", ByteOrder.LITTLE_ENDIAN);

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    /** An app server: ESTABLISHED on 8080 near 400, TIME_WAIT toward its database near 120, each +-2 a minute. */
    static PollResult poll(Instant at, Random r) {
        long est = 400 + r.nextInt(5) - 2;
        long tw = 120 + r.nextInt(5) - 2;
        StateCounts states = StateCounts.of(Map.of(TcpState.ESTABLISHED, est + 20, TcpState.TIME_WAIT, tw,
                TcpState.LISTEN, 2L));
        List<PortTally> ports = List.of(new PortTally(22, 1, 0, StateCounts.of(Map.of(TcpState.LISTEN, 1L))),
                new PortTally(8080, 1, r.nextInt(2), StateCounts.of(Map.of(TcpState.LISTEN, 1L, TcpState.ESTABLISHED, est))));
        List<PeerTally> peers = List.of(
                new PeerTally("10.1.9.5", 5432, false, 1, StateCounts.of(Map.of(TcpState.ESTABLISHED, 20L, TcpState.TIME_WAIT, tw))),
                new PeerTally("10.1.0.250", 0, true, 1, StateCounts.of(Map.of(TcpState.ESTABLISHED, est))));
        SocketTally t = new SocketTally(states, states.total(), 0, ports, peers, null, new ParseStats(0, 0, 1, 0, 0, null));
        return PollResult.ok(HOST, at, Duration.ofMillis(30), t, null);
    }

    @Test
    void breakdownsWithinTheDeadbandAreStoredOnceAndReadBackClose() throws Exception {
        Engine.TestDatabase db = engine.create(dir);
        Random random = new Random(11);
        List<PollResult> written = new ArrayList<>();
        try (SampleStore store = db.open()) {
            for (int i = 0; i < 50; i++) {
                Instant at = T0.plusSeconds(60L * i);
                written.add(poll(at, random));
                store.writeSweep(at, at, List.of(written.get(i)));
            }
            assertEquals(1, count(db, "breakdown"), "fifty samples, one breakdown stored");
            assertEquals(50, count(db, "sample"));
            List<StoredSample> h = store.history("app1", T0, T0.plusSeconds(3600), true);
            for (int i = 0; i < 50; i++) {
                PollResult back = h.get(i).result();
                assertEquals(written.get(i).tally().states(), back.tally().states(), "state counts are exact");
                assertFalse(Breakdown.of(written.get(0).tally()).differsBeyondDeadband(Breakdown.of(back.tally())));
            }
            assertEquals(written.get(49), store.latest("app1").orElseThrow().result(), "the latest is exact");
            assertEquals(written.get(49), h.get(49).result());

            // A new service with 50 connections is beyond the deadband: stored at once.
            Instant at = T0.plusSeconds(60L * 50);
            PollResult base = poll(at, random);
            List<PortTally> ports = new ArrayList<>(base.tally().ports());
            ports.add(new PortTally(9090, 1, 0, StateCounts.of(Map.of(TcpState.LISTEN, 1L, TcpState.ESTABLISHED, 50L))));
            SocketTally t = base.tally();
            PollResult grown = PollResult.ok(HOST, at, base.duration(), new SocketTally(t.states(), t.ipv4(), t.ipv6(),
                    ports, t.peers(), null, t.parse()), null);
            store.writeSweep(at, at, List.of(grown));
            assertEquals(2, count(db, "breakdown"));
            assertTrue(store.history("app1", at, at, true).get(0).result().tally().port(9090).isPresent());
        }
    }

    static long count(Engine.TestDatabase db, String table) throws Exception {
        Properties p = new Properties();
        if (db.engine() == Engine.H2) {
            p.setProperty("user", "sa");
        }
        p.setProperty("password", db.password() == null ? "" : db.password());
        try (Connection c = DriverManager.getConnection(db.url(), p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
