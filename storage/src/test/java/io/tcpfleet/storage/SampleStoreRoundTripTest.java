package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleStoreRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void aSweepReadsBackExactlyAfterReopening() {
        List<PollResult> sweep = List.of(Samples.ok("web1", Samples.T0, 1), Samples.ok("web2", Samples.T0, 2),
                Samples.failed("db1", Samples.T0, PollStatus.TIMEOUT));
        try (SampleStore store = SampleStore.openDefault(dir)) {
            store.writeSweep(Samples.T0, Samples.T0.plusSeconds(2), sweep);
        }
        assertTrue(Files.exists(dir.resolve("tcpfleet.mv.db")), "an H2 file in the data directory");
        try (SampleStore store = SampleStore.openDefault(dir)) {
            List<PollResult> back = store.latest().stream().map(StoredSample::result).toList();
            assertEquals(List.of(sweep.get(2), sweep.get(0), sweep.get(1)), back, "by host name, lossless");
        }
    }

    @Test
    void failedPollsAreStoredWithTheirClassAndError() {
        try (SampleStore store = SampleStore.openDefault(dir)) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.failed("db1", Samples.T0, PollStatus.HOSTKEY_CHANGED)));
            PollResult r = store.latest("db1").orElseThrow().result();
            assertEquals(PollStatus.HOSTKEY_CHANGED, r.status());
            assertEquals("connect to db1:22 timed out after 5s", r.error());
            assertEquals(17, r.bytes());
            assertEquals(null, r.tally());
        }
    }

    @Test
    void hostsAreFoundByNameOrAddress() {
        try (SampleStore store = SampleStore.openDefault(dir)) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
            assertEquals("web1", store.latest("web1.example.net").orElseThrow().result().host().name());
            assertTrue(store.latest("nope").isEmpty());
            assertEquals(1, store.hosts().size());
        }
    }

    @Test
    void closeIsIdempotentAndAClosedStoreSaysSo() {
        SampleStore store = SampleStore.openDefault(dir);
        store.close();
        store.close();
        StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, store::latest);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
