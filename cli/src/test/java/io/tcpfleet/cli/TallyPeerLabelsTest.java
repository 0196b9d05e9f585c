package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.KernelRows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the output says is exact and what is estimated, on a host with more peers than are tracked. */
class TallyPeerLabelsTest {

    private static final int CLIENTS = 40_000; // more than the 16,384 tracked peers

    @TempDir
    Path dir;

    private Path dump(boolean manyPeers) throws Exception {
        KernelRows rows = new KernelRows().v4Header().v4(0, 443, 0, 0, KernelRows.LISTEN, 0);
        for (int i = 0; i < (manyPeers ? CLIENTS : 3); i++) {
            rows.v4(0x0A000001, 443, 0x0B000000 + i, 40_000, KernelRows.ESTABLISHED, 0);
        }
        for (int i = 0; i < 500; i++) { // after every client: the order the old table lost it in
            rows.v4TimeWait(0x0A000001, 33_000 + i, 0x0A630005, 5432, KernelRows.TIME_WAIT);
        }
        return Files.write(dir.resolve(manyPeers ? "many.dump" : "few.dump"), rows.bytes());
    }

    @Test
    void jsonLabelsTheDistinctCountAsEstimatedAndTheTopPeerAsExact() throws Exception {
        Cli.Run run = Cli.run("tally", "--format", "json", "--top-peers", "3", dump(true).toString());
        assertEquals(0, run.exit(), run.toString());
        JsonNode host = run.json().get(0);
        JsonNode top = host.get("peers").get(0);
        assertEquals("10.99.0.5:5432", top.get("endpoint").asText());
        assertEquals(500, top.get("states").get("TIME_WAIT").asInt());
        assertEquals(0, top.get("missed_at_most").asInt());
        assertFalse(top.get("peers_estimated").asBoolean());
        JsonNode other = host.get("other_peers");
        assertTrue(other.get("peers_estimated").asBoolean(), other.toString());
        assertEquals(CLIENTS - 2, other.get("peers").asDouble(), CLIENTS * 0.03, other.toString());
        assertEquals(CLIENTS - 2, other.get("states").get("ESTABLISHED").asInt(), "the states stay exact");

        Cli.Run table = Cli.run("tally", "--top-peers", "3", dump(true).toString());
        assertTrue(table.out().contains("other (~"), table.out());
    }

    @Test
    void aSmallHostIsExactThroughout() throws Exception {
        Cli.Run run = Cli.run("tally", "--format", "json", "--top-peers", "1", dump(false).toString());
        JsonNode other = run.json().get(0).get("other_peers");
        assertFalse(other.get("peers_estimated").asBoolean());
        assertEquals(3, other.get("peers").asInt());
        Cli.Run table = Cli.run("tally", "--top-peers", "1", dump(false).toString());
        assertTrue(table.out().contains("other (3 peers)"), table.out());
    }
}
