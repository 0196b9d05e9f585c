package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class SampleStoreRoundTripTest {

    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    Engine.TestDatabase db;

    @BeforeEach
    void database() {
        db = engine.create(dir);
    }

    @Test
    void aSweepReadsBackExactlyAfterReopening() {
        List<PollResult> sweep = List.of(Samples.ok("web1", Samples.T0, 1), Samples.ok("web2", Samples.T0, 2),
                Samples.failed("db1", Samples.T0, PollStatus.TIMEOUT));
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0, Samples.T0.plusSeconds(2), sweep);
        }
        try (SampleStore store = db.open(OpenMode.EXISTING)) {
            List<PollResult> back = store.latest().stream().map(StoredSample::result).toList();
            assertEquals(List.of(sweep.get(2), sweep.get(0), sweep.get(1)), back, "by host name, lossless");
            assertEquals(sweep.get(0), store.history("web1", Samples.T0, Samples.T0, true).get(0).result());
        }
    }

    /**
     * A daemon's sweep stores when its samples stop being current, so that readers without the
     * daemon do not print a stale value as current; a one-off poll's sample has no such limit.
     */
    @Test
    void aDaemonsSweepKeepsItsStalenessLimitWithTheLatestSample() {
        Duration limit = Duration.ofMinutes(3);
        Instant later = Samples.T0.plusSeconds(60);
        try (SampleStore store = db.open()) {
            store.writeSweep(PendingSweep.of(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1),
                    Samples.ok("web2", Samples.T0, 1)), limit));
            store.writeSweep(later, later, List.of(Samples.ok("web2", later, 2)));
        }
        try (SampleStore store = db.open(OpenMode.EXISTING)) {
            assertEquals(Optional.of(limit), store.latest("web1").orElseThrow().staleAfter());
            assertTrue(store.latest("web2").orElseThrow().staleAfter().isEmpty(), "the one-off poll is its latest now");
            assertEquals(List.of(Optional.of(limit), Optional.empty()),
                    store.latest().stream().map(StoredSample::staleAfter).toList());
            assertTrue(store.history("web2", Samples.T0, Samples.T0, false).get(0).staleAfter().isEmpty(),
                    "only a host's latest sample carries it");
        }
    }

    @Test
    void failedPollsAreStoredWithTheirClassAndError() {
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.failed("db1", Samples.T0, PollStatus.HOSTKEY_CHANGED)));
            PollResult r = store.latest("db1").orElseThrow().result();
            assertEquals(PollStatus.HOSTKEY_CHANGED, r.status());
            assertEquals("connect to db1:22 timed out after 5s", r.error());
            assertEquals(17, r.bytes());
            assertNull(r.tally());
        }
    }

    @Test
    void aHostWhoseLatestPollFailedStillHasItsEarlierSamples() {
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("db1", Samples.T0, 3)));
            store.writeSweep(Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(60),
                    List.of(Samples.failed("db1", Samples.T0.plusSeconds(60), PollStatus.REFUSED)));
            assertEquals(PollStatus.REFUSED, store.latest("db1").orElseThrow().result().status());
            List<StoredSample> h = store.history("db1", Samples.T0, Samples.T0.plusSeconds(60), true);
            assertEquals(Samples.ok("db1", Samples.T0, 3), h.get(0).result(), "the breakdown history keeps the OK one's");
        }
    }

    @Test
    void hostsAreFoundByNameOrAddress() {
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
            assertEquals("web1", store.latest("web1.example.net").orElseThrow().result().host().name());
            assertTrue(store.latest("nope").isEmpty());
            assertEquals(1, store.hosts().size());
        }
    }

    @Test
    void aSweepWrittenLateDoesNotReplaceTheLatest() {
        try (SampleStore store = db.open()) {
            store.writeSweep(Samples.T0.plusSeconds(60), Samples.T0.plusSeconds(60), List.of(Samples.ok("web1", Samples.T0.plusSeconds(60), 2)));
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1))); // e.g. replayed after an outage
            assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(60), 2), store.latest("web1").orElseThrow().result());
            assertEquals(2, store.history("web1", Samples.T0, Samples.T0.plusSeconds(60), false).size());
        }
    }

    @Test
    void aFailedSweepLeavesNothingBehindAndTheStoreUsable() {
        try (SampleStore store = db.open()) {
            PollResult good = Samples.ok("web1", Samples.T0, 1);
            PollResult tooLong = Samples.ok("x".repeat(300), Samples.T0, 2); // name column is 255
            StoreException e = assertThrows(StoreException.class,
                    () -> store.writeSweep(Samples.T0, Samples.T0, List.of(good, tooLong)));
            assertTrue(e.getMessage().startsWith("cannot store sweep of 2 host(s)"), e.getMessage());
            assertTrue(store.latest().isEmpty());
            assertTrue(store.hosts().isEmpty(), "the first host's insert was rolled back too");
            store.writeSweep(Samples.T0, Samples.T0, List.of(good));
            assertEquals(1, store.latest().size());
        }
    }

    @Test
    void closeIsIdempotentAndAClosedStoreSaysSo() {
        SampleStore store = db.open();
        store.close();
        store.close();
        StoreException e = assertThrows(StoreException.class, store::latest);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
