package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a hard kill, and what a second process is told. */
class SampleStoreDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void everySweepCommittedBeforeAKillDashNineIsThereAfterwards() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        try (ChildJvm child = new ChildJvm("write", url)) {
            child.awaitLine("committed 25");
            child.kill();
        }
        try (SampleStore store = SampleStore.open(url)) {
            List<StoredSample> web1 = store.history("web1", Instant.EPOCH, Instant.now(), false);
            assertTrue(web1.size() >= 25, "committed sweeps lost: only " + web1.size());
            for (int i = 0; i < 25; i++) {
                Instant at = Samples.T0.plusSeconds(i + 1);
                assertEquals(Samples.statesOnly(Samples.ok("web1", at, i + 1)), web1.get(i).result(), "sweep " + (i + 1));
            }
            int last = web1.size();
            assertEquals(Samples.ok("web1", Samples.T0.plusSeconds(last), last), store.latest("web1").orElseThrow().result(),
                    "the latest with its exact breakdown");
            // The reopened database takes new sweeps.
            Instant later = Samples.T0.plusSeconds(100_000);
            store.writeSweep(later, later, List.of(Samples.ok("web1", later, 3)));
            assertEquals(later, store.latest("web1").orElseThrow().result().polledAt());
        }
    }

    @Test
    void aDatabaseOpenInAnotherProcessIsRefusedWithAClearMessage() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        try (ChildJvm child = new ChildJvm("hold", url)) {
            child.awaitLine("open");
            StoreException e = assertThrows(StoreException.class, () -> SampleStore.open(url));
            assertTrue(e.getMessage().contains("is in use by another tcpfleet process"), e.getMessage());
        }
        try (SampleStore store = SampleStore.open(url)) {
            assertTrue(store.latest().isEmpty(), "usable once the other process is gone");
        }
    }

    /** H2 wrote a .trace.db beside the database for every failed statement (39 KB a sweep on a full disk). */
    @Test
    void h2WritesNoTraceFile() throws Exception {
        try (SampleStore store = SampleStore.openDefault(dir)) {
            PollResult tooLong = Samples.ok("x".repeat(300), Samples.T0, 2);
            assertThrows(StoreException.class, () -> store.writeSweep(Samples.T0, Samples.T0, List.of(tooLong)));
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(dir.resolve("tcpfleet.mv.db")), files.toList());
        }
    }
}
