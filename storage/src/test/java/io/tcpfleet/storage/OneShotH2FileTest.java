package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot store on embedded H2 as {@code poll} uses it, each in its own process where it matters:
 * what it stored is there for the next process, also after a kill -9 right after the write; its
 * closes skip most compactions, and still keep the file bounded.
 */
class OneShotH2FileTest {

    @TempDir
    Path dir;

    @Test
    void aSweepStoredByOneProcessIsReadByTheNext() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        try (ChildJvm child = new ChildJvm("oneshot", url)) {
            child.awaitLine("closed");
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "child did not end");
            assertEquals(0, child.process.exitValue());
        }
        try (SampleStore store = SampleStore.open(url, null, OpenMode.EXISTING, StoreUse.ONE_SHOT)) {
            assertEquals(Samples.ok("web1", Samples.T0, 7), store.latest("web1").orElseThrow().result());
        }
    }

    @Test
    void aSweepIsDurableOnceWrittenEvenIfTheProcessIsKilledBeforeClosing() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        try (ChildJvm child = new ChildJvm("oneshot-kill", url)) {
            child.awaitLine("stored");
            child.kill();
        }
        try (SampleStore store = SampleStore.open(url, null, OpenMode.EXISTING, StoreUse.ONE_SHOT)) {
            assertEquals(Samples.ok("web1", Samples.T0, 7), store.latest("web1").orElseThrow().result());
            Instant later = Samples.T0.plusSeconds(60);
            store.writeSweep(later, later, List.of(Samples.ok("web1", later, 8)));
        }
        try (SampleStore store = SampleStore.open(url)) {
            assertEquals(2, store.history("web1", Instant.EPOCH, Instant.now(), false).size(), "the reopened file takes writes");
        }
    }

    /**
     * Without any compaction at close the file grew ~14 KB a poll for ever (840 KB after 60);
     * with H2's default each close compacted. A one-shot store compacts only a mostly empty file.
     */
    @Test
    void manyOneShotWritesKeepTheFileBounded() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        Path file = dir.resolve("tcpfleet.mv.db");
        long largest = 0;
        for (int i = 1; i <= 60; i++) {
            Instant at = Samples.T0.plusSeconds(i);
            try (SampleStore store = SampleStore.open(url, null, OpenMode.CREATE, StoreUse.ONE_SHOT)) {
                store.writeSweep(at, at, List.of(Samples.ok("web1", at, i)));
            }
            largest = Math.max(largest, Files.size(file));
        }
        assertTrue(largest < 256 * 1024, "one-shot writes grew the file to " + largest + " bytes");
        try (SampleStore store = SampleStore.open(url)) {
            assertEquals(60, store.history("web1", Instant.EPOCH, Instant.now(), false).size());
        }
    }

    /** The lower compaction threshold is a setting of the one-shot open only: a daemon opening the file keeps H2's own. */
    @Test
    void theOneShotCompactionSettingIsNotKeptInTheFile() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tcpfleet");
        try (SampleStore store = SampleStore.open(url, null, OpenMode.CREATE, StoreUse.ONE_SHOT)) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'")) {
            assertTrue(rs.next());
            assertEquals("90", rs.getString(1));
            st.execute("SHUTDOWN");
        }
    }
}
