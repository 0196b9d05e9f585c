package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.Tallies;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpfleet history}: one host's samples in [now - since, now - until], oldest first. */
class HistoryCommandTest {

    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void samplesAtTwoHoursOneHourHalfAnHourAndFiveMinutesAgo() {
        db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant now = Instant.now();
        try (SampleStore s = SampleStore.open(db)) {
            long tw = 1;
            for (long minutesAgo : new long[] {120, 60, 30, 5}) {
                Instant at = now.minusSeconds(60 * minutesAgo);
                s.writeSweep(at, at, List.of(Tallies.host().add(TIME_WAIT, tw++).result("web1", at)));
            }
        }
    }

    private List<Integer> timeWaits(Cli.Run run) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : run.json()) {
            out.add(n.get("states").get("TIME_WAIT").asInt());
        }
        return out;
    }

    @Test
    void sinceAndUntilBoundTheRange() {
        assertEquals(List.of(3, 4), timeWaits(Cli.run("history", "web1", "--db", db, "-f", "json")), "default: the last hour");
        assertEquals(List.of(1, 2, 3, 4), timeWaits(Cli.run("history", "web1", "--db", db, "--since", "3h", "-f", "json")));
        assertEquals(List.of(1, 2), timeWaits(Cli.run("history", "web1", "--db", db, "--since", "3h", "--until", "45m",
                "-f", "json")), "--until ends the range that long ago");
    }

    @Test
    void anEmptyRangeSaysWhichRangeAndExitsOne() {
        Cli.Run run = Cli.run("history", "web1", "--db", db, "--since", "20m", "--until", "10m");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("no samples of 'web1' between 20m and 10m ago"), run.toString());
        Cli.Run backwards = Cli.run("history", "web1", "--db", db, "--since", "10m", "--until", "20m");
        assertEquals(2, backwards.exit(), backwards.toString());
    }

    @Test
    void csvHasOneRowPerSampleWithTheStateColumns() {
        Cli.Run run = Cli.run("history", "web1", "--db", db, "--since", "3h", "-f", "csv");
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("polled_at,status,ESTABLISHED,"), lines.get(0));
    }
}
