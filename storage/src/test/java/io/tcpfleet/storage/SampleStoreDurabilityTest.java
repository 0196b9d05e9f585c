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
            List<StoredSample> web1 = store.history("web1", Instant.EPOCH, Instant.now(), true);
            assertTrue(web1.size() >= 25, "committed sweeps lost: only " + web1.size());
            for (int i = 0; i < 25; i++) {
                Instant at = Samples.T0.plusSeconds(i + 1);
                assertEquals(Samples.ok("web1", at, i + 1), web1.get(i).result(), "sweep " + (i + 1));
            }
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

    @Test
    void aFailedSweepLeavesNothingBehind() {
        try (SampleStore store = SampleStore.openDefault(dir)) {
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
}
