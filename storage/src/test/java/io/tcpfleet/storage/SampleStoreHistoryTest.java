package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.StateHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class SampleStoreHistoryTest {

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    SampleStore store;

    /** Five sweeps a minute apart; web2 fails in the fourth. */
    @BeforeEach
    void fiveSweeps() {
        store = engine.create(dir).open();
        for (int i = 0; i < 5; i++) {
            Instant at = Samples.T0.plusSeconds(60L * i);
            PollResult web2 = i == 3 ? Samples.failed("web2", at, PollStatus.AUTH_FAILED) : Samples.ok("web2", at, 10 + i);
            store.writeSweep(at, at.plusMillis(500), List.of(Samples.ok("web1", at, i), web2));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    @Test
    void latestIsTheNewestSampleOfEachHost() {
        List<StoredSample> latest = store.latest();
        assertEquals(2, latest.size());
        assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(240), 4), latest.get(0).result());
        assertEquals(Samples.ok("web2", Samples.T0.plusSeconds(240), 14), latest.get(1).result());
    }

    @Test
    void historyRangeIsInclusiveAndOrdered() {
        List<StoredSample> h = store.history("web2", Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(180), false);
        assertEquals(3, h.size());
        assertEquals(Samples.statesOnly(Samples.ok("web2", Samples.T0.plusSeconds(60), 11)), h.get(0).result());
        assertEquals(PollStatus.AUTH_FAILED, h.get(2).result().status());
        assertTrue(h.get(0).id() < h.get(1).id());
    }

    @Test
    void historyWithoutBreakdownsKeepsTheStates() {
        List<StoredSample> h = store.history("web1", Instant.EPOCH, Samples.T0.plusSeconds(3600), false);
        assertEquals(5, h.size());
        assertEquals(Samples.states(2), h.get(2).result().tally().states());
        assertTrue(h.get(2).result().tally().ports().isEmpty());
        assertTrue(h.get(2).result().tally().peers().isEmpty());
    }

    @Test
    void stateHistoryOfTheFleetKeepsSuccessfulSamplesInOrder() {
        java.util.Map<String, StateHistory> h = store.stateHistory(Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(240));
        assertEquals(java.util.Set.of("web1", "web2"), h.keySet());
        assertEquals(4, h.get("web1").counts().size());
        assertEquals(3, h.get("web2").counts().size(), "web2's failed poll has no counts to trend");
        assertEquals(Samples.T0.plusSeconds(60), h.get("web1").times().get(0));
        assertEquals(Samples.states(1), h.get("web1").counts().get(0));
        assertEquals(Samples.states(14), h.get("web2").counts().get(2));
        assertTrue(store.stateHistory(Samples.T0.plusSeconds(3600), Samples.T0.plusSeconds(7200)).isEmpty());
    }

    /** A few hosts of a fleet are read one by one, most of it in one scan: the same answer either way. */
    @Test
    void stateHistoryOfSomeHostsReadsOnlyThose() {
        for (int i = 0; i < 5; i++) { // 10 hosts in all
            Instant at = Samples.T0.plusSeconds(60L * i + 1);
            List<PollResult> more = new java.util.ArrayList<>();
            for (int h = 3; h <= 10; h++) {
                more.add(Samples.ok("web" + h, at, h * 10 + i));
            }
            store.writeSweep(at, at.plusMillis(500), more);
        }
        Instant from = Samples.T0.plusSeconds(60);
        Instant to = Samples.T0.plusSeconds(240);
        java.util.Map<String, StateHistory> all = store.stateHistory(from, to);
        assertEquals(10, all.size());
        for (List<String> asked : List.of(List.of("web2", "nobody"), List.of("web2", "web7"),
                List.of("web1", "web2", "web3", "web4", "web5", "web6"))) {
            java.util.Map<String, StateHistory> some = store.stateHistory(from, to, asked);
            java.util.Set<String> known = new java.util.TreeSet<>(asked);
            known.remove("nobody");
            assertEquals(known, new java.util.TreeSet<>(some.keySet()), "an unknown name is left out");
            for (String h : known) {
                assertEquals(all.get(h).times(), some.get(h).times(), h);
                assertEquals(all.get(h).counts(), some.get(h).counts(), h);
            }
        }
        assertEquals(3, store.stateHistory(from, to, List.of("web2")).get("web2").counts().size(),
                "web2's failed poll has no counts to trend");
        assertTrue(store.stateHistory(from, to, List.of()).isEmpty());
        assertTrue(store.stateHistory(from, to, List.of("nobody")).isEmpty());
    }

    /** A sweep held in memory during an outage is written late: its samples still come in time order. */
    @Test
    void stateHistoryPutsSamplesWrittenLateInTimeOrder() {
        Instant late = Samples.T0.plusSeconds(30); // between the first two sweeps, written after all five
        store.writeSweep(late, late.plusMillis(500), List.of(Samples.ok("web1", late, 7)));
        StateHistory h = store.stateHistory(Samples.T0, Samples.T0.plusSeconds(240)).get("web1");
        assertEquals(List.of(Samples.T0, late, Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(120),
                Samples.T0.plusSeconds(180), Samples.T0.plusSeconds(240)), h.times());
        assertEquals(List.of(Samples.states(0), Samples.states(7), Samples.states(1), Samples.states(2),
                Samples.states(3), Samples.states(4)), h.counts());
    }

    /**
     * Millions of rows must reach the reader as they are read: H2 runs the query lazily (else it
     * copies the whole result into memory, then to a temporary file), PostgreSQL's driver reads by
     * cursor (only inside a transaction; else it holds every row at once). The pooled connection is
     * handed back as it was, after a failure too.
     */
    @Test
    void largeReadsStreamAndLeaveTheConnectionAsItWas() throws Exception {
        Engine.TestDatabase db = engine.create(dir.resolve("other"));
        try (SampleStore opened = db.open();
             java.sql.Connection c = java.sql.DriverManager.getConnection(db.engine() == Engine.H2 ? opened.url() : db.url(), login(db))) {
            Dialect d = Dialect.of(db.url());
            assertEquals(false, streams(c), "before");
            assertEquals(true, d.streaming(c, () -> streams(c)), "while reading");
            assertEquals(false, streams(c), "after");
            assertTrue(c.getAutoCommit(), "auto-commit again after");
            org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> d.streaming(c, () -> c.createStatement().executeQuery("SELECT no_such_column FROM sample")));
            assertEquals(false, streams(c), "after a failed read");
            assertTrue(c.getAutoCommit(), "auto-commit again after a failed read");
        }
    }

    private static java.util.Properties login(Engine.TestDatabase db) {
        java.util.Properties p = new java.util.Properties();
        if (db.engine() == Engine.H2) {
            p.setProperty("user", "sa");
        }
        p.setProperty("password", db.password() == null ? "" : db.password());
        return p;
    }

    /** Whether a query now streams: H2's lazy execution (not in INFORMATION_SCHEMA), or a transaction open on PostgreSQL. */
    private boolean streams(java.sql.Connection c) throws java.sql.SQLException {
        if (engine == Engine.POSTGRESQL) {
            return !c.getAutoCommit();
        }
        return ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession()).isLazyQueryExecution();
    }

    /** Samples.ok moves a peer's TIME_WAIT by 40 per seed: beyond the deadband, so every breakdown is kept. */
    @Test
    void historyKeepsBreakdownsThatMovedBeyondTheDeadband() {
        List<StoredSample> h = store.history("web1", Instant.EPOCH, Samples.T0.plusSeconds(3600), true);
        assertEquals(5, h.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(60L * i), i), h.get(i).result(), "sample " + i);
        }
    }

    @Test
    void breakdownRetentionKeepsTheSamplesAndTheLatestBreakdowns() {
        store.deleteBreakdownsOlderThan(Samples.T0.plusSeconds(86_400 * 2), 1);
        List<StoredSample> h = store.history("web1", Instant.EPOCH, Samples.T0.plusSeconds(3600), true);
        assertEquals(5, h.size(), "samples stay");
        for (int i = 0; i < 4; i++) {
            assertTrue(h.get(i).result().tally().ports().isEmpty(), "ports of sample " + i);
            assertEquals(Samples.states(i), h.get(i).result().tally().states(), "counts of sample " + i);
        }
        assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(240), 4), h.get(4).result(), "the latest keeps its breakdown");
        assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(240), 4), store.latest("web1").orElseThrow().result());
        // A later sample stores a new breakdown: the one it was compared with is gone.
        Instant later = Samples.T0.plusSeconds(300);
        store.writeSweep(later, later, List.of(Samples.ok("web1", later, 1)));
        assertEquals(Samples.ok("web1", later, 1), store.history("web1", later, later, true).get(0).result());
    }

    @Test
    void unknownHostHasNoHistory() {
        assertTrue(store.history("nope", Instant.EPOCH, Instant.now(), true).isEmpty());
    }

    /** H2 deletes exactly; PostgreSQL drops whole days before the cutoff's day (see SampleStorePartitionTest). */
    @Test
    void retentionDeletesWhatIsOlderThanItsDayOrCutoff() {
        Instant cutoff = Samples.T0.plusSeconds(120);
        int deleted = store.deleteOlderThan(cutoff, 3);
        int expected = engine == Engine.H2 ? 4 : 0; // two sweeps of two hosts; all five are on the cutoff's day
        assertEquals(expected, deleted);
        assertEquals(5 - expected / 2, store.history("web1", Instant.EPOCH, Instant.now(), true).size());
        assertEquals(2, store.latest().size());
        Instant nextDay = Samples.T0.plus(java.time.Duration.ofDays(1)).plusSeconds(3600);
        assertEquals(10 - expected, store.deleteOlderThan(nextDay, 1));
        assertTrue(store.latest().isEmpty(), "no latest sample once all are gone");
        assertEquals(2, store.hosts().size(), "hosts are kept");
        Instant at = nextDay.plusSeconds(60);
        store.writeSweep(at, at, List.of(Samples.ok("web1", at, 7)));
        assertEquals(Samples.ok("web1", at, 7), store.latest("web1").orElseThrow().result(), "and take new samples");
    }
}
