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

class SampleStoreHistoryTest {

    @TempDir
    Path dir;

    SampleStore store;

    /** Five sweeps a minute apart; web2 fails in the fourth. */
    @BeforeEach
    void fiveSweeps() {
        store = SampleStore.openDefault(dir);
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
        List<StoredSample> h = store.history("web2", Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(180), true);
        assertEquals(3, h.size());
        assertEquals(Samples.ok("web2", Samples.T0.plusSeconds(60), 11), h.get(0).result());
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

    @Test
    void breakdownRetentionKeepsTheSamplesAndTheRecentBreakdowns() {
        long deleted = store.deleteBreakdownsOlderThan(Samples.T0.plusSeconds(180), 1);
        assertTrue(deleted > 0);
        List<StoredSample> h = store.history("web1", Instant.EPOCH, Samples.T0.plusSeconds(3600), true);
        assertEquals(5, h.size(), "samples stay");
        for (int i = 0; i < 5; i++) {
            boolean kept = i >= 3;
            assertEquals(kept, !h.get(i).result().tally().ports().isEmpty(), "ports of sample " + i);
            assertEquals(kept, !h.get(i).result().tally().peers().isEmpty(), "peers of sample " + i);
            assertEquals(Samples.states(i), h.get(i).result().tally().states(), "counts of sample " + i);
        }
        assertEquals(0, store.deleteBreakdownsOlderThan(Samples.T0.plusSeconds(180), 1000), "nothing left to delete");
        assertTrue(!store.latest("web1").orElseThrow().result().tally().ports().isEmpty(), "the latest keeps its breakdowns");
    }

    @Test
    void unknownHostHasNoHistory() {
        assertTrue(store.history("nope", Instant.EPOCH, Instant.now(), true).isEmpty());
    }

    @Test
    void retentionDeletesOldSamplesInBatchesAndKeepsTheRest() {
        int deleted = store.deleteOlderThan(Samples.T0.plusSeconds(120), 3);
        assertEquals(4, deleted, "two sweeps of two hosts");
        assertEquals(3, store.history("web1", Instant.EPOCH, Instant.now(), true).size());
        assertEquals(2, store.latest().size());
        assertEquals(6, store.deleteOlderThan(Samples.T0.plusSeconds(3600), 1));
        assertTrue(store.latest().isEmpty(), "no latest sample once all are gone");
        assertEquals(2, store.hosts().size(), "hosts are kept");
    }
}
