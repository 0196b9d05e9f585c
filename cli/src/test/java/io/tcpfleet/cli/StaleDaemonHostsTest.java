package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.Tallies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon's hosts go stale after its own limit (3 intervals by default) for readers of the
 * database too, when no daemon is running to say so: get refuses the value with its age, report
 * marks the row. A one-off poll's sample has no such limit (only --max-age).
 */
class StaleDaemonHostsTest {

    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void store() {
        db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant tenMinutesAgo = Instant.now().minusSeconds(600);
        try (SampleStore s = SampleStore.open(db)) {
            // collect at 60 s, --stale-after 3: its samples are current for 3 minutes
            s.writeSweep(PendingSweep.of(tenMinutesAgo, tenMinutesAgo, List.of(
                    Tallies.host().add(TIME_WAIT, 40).result("web1", tenMinutesAgo)), Duration.ofMinutes(3)));
            // a one-off poll, as long ago
            s.writeSweep(tenMinutesAgo, tenMinutesAgo, List.of(Tallies.host().add(TIME_WAIT, 7).result("adhoc", tenMinutesAgo)));
            Instant now = Instant.now();
            s.writeSweep(PendingSweep.of(now, now, List.of(Tallies.host().add(TIME_WAIT, 5).result("db1", now)),
                    Duration.ofMinutes(3)));
        }
    }

    @Test
    void getRefusesADaemonsHostOlderThanItsLimit() {
        Cli.Run stale = Cli.run("get", "--db", db, "web1", "TIME_WAIT");
        assertEquals(1, stale.exit(), stale.toString());
        assertEquals("", stale.out(), "no value printed as if it were current");
        assertTrue(stale.err().contains("web1: latest sample is 10m old (limit 3m)"), stale.err());

        Cli.Run anyway = Cli.run("get", "--db", db, "web1", "TIME_WAIT", "--allow-stale");
        assertEquals(0, anyway.exit(), anyway.toString());
        assertEquals("40", anyway.out().strip());
        assertTrue(anyway.err().contains("printed anyway"), anyway.err());

        Cli.Run current = Cli.run("get", "--db", db, "db1", "TIME_WAIT");
        assertEquals(0, current.exit(), current.toString());
        assertEquals("5", current.out().strip());
    }

    @Test
    void aOneOffPollHasNoLimitButMaxAge() {
        Cli.Run adhoc = Cli.run("get", "--db", db, "adhoc", "TIME_WAIT");
        assertEquals(0, adhoc.exit(), adhoc.toString());
        assertEquals("7", adhoc.out().strip());
        assertEquals(1, Cli.run("get", "--db", db, "adhoc", "TIME_WAIT", "--max-age", "5m").exit());
        Cli.Run looser = Cli.run("get", "--db", db, "web1", "TIME_WAIT", "--max-age", "1h");
        assertEquals(1, looser.exit(), "a looser --max-age does not make a daemon's stale host current: " + looser);
    }

    @Test
    void reportMarksStaleRowsWithTheirAge() {
        JsonNode rows = Cli.run("report", "--db", db, "--format", "json").json();
        assertEquals(3, rows.size(), rows.toString());
        for (JsonNode r : rows) {
            String host = r.get("host").asText();
            assertEquals(host.equals("web1"), r.get("stale").asBoolean(), host + ": " + r);
            assertTrue(r.get("age_seconds").asLong() >= (host.equals("db1") ? 0 : 600), r.toString());
        }
        Cli.Run table = Cli.run("report", "--db", db);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("web1") && l.contains("STALE")), table.out());
        assertFalse(table.out().lines().anyMatch(l -> l.startsWith("db1") && l.contains("STALE")), table.out());
    }
}
