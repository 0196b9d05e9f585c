package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.CLOSE_WAIT;
import static io.tcpfleet.model.TcpState.ESTABLISHED;
import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.Tallies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report: top hosts with their change, the fleet by port and by peer, an inventory group. */
class FleetReportTest {

    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void store() {
        db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant now = Instant.now();
        Instant before = now.minusSeconds(7200);
        try (SampleStore s = SampleStore.open(db)) {
            s.writeSweep(before, before, List.of(
                    Tallies.host().add(TIME_WAIT, 100).outbound("10.0.3.7", 5432, TIME_WAIT, 100).result("web1", before),
                    Tallies.host().add(TIME_WAIT, 50).result("web2", before)));
            s.writeSweep(now, now, List.of(
                    Tallies.host().add(TIME_WAIT, 300).add(CLOSE_WAIT, 7).port(8080, 0, CLOSE_WAIT, 7, ESTABLISHED, 40)
                            .outbound("10.0.3.7", 5432, TIME_WAIT, 290).result("web1", now),
                    Tallies.host().add(TIME_WAIT, 20).port(8080, 0, CLOSE_WAIT, 0, ESTABLISHED, 40)
                            .outbound("10.0.3.7", 5432, TIME_WAIT, 20).result("web2", now),
                    Tallies.host().add(TIME_WAIT, 10).port(443, 0, TIME_WAIT, 10).result("db1", now)));
        }
    }

    @Test
    void topHostsWithTheirChange() {
        Cli.Run run = Cli.run("report", "--db", db, "--sort", "TIME_WAIT", "--change", "1h", "--top", "2", "--format", "json");
        assertEquals(0, run.exit(), run.toString());
        JsonNode rows = run.json();
        assertEquals(2, rows.size());
        assertEquals("web1", rows.get(0).get("host").asText());
        assertEquals(300, rows.get(0).get("value").asInt());
        assertEquals(100, rows.get(0).get("before").asInt());
        assertEquals(200, rows.get(0).get("change").asInt());
        assertEquals("1h", rows.get(0).get("since").asText());
        assertEquals(-30, rows.get(1).get("change").asInt());   // web2: 50 -> 20
        Cli.Run all = Cli.run("report", "--db", db, "--sort", "TIME_WAIT", "--change", "1h", "--format", "json");
        assertTrue(all.json().get(2).get("before").isNull(), "db1 had no sample an hour ago: " + all.out());
        Cli.Run table = Cli.run("report", "--db", db, "--sort", "TIME_WAIT", "--change", "1h");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("web1") && l.contains("+200")), table.out());
    }

    @Test
    void theFleetByPortAndByPeer() {
        JsonNode ports = Cli.run("report", "--db", db, "--by", "port", "--sort", "CLOSE_WAIT", "--format", "json").json();
        assertEquals("8080", ports.get(0).get("port").asText());
        assertEquals(2, ports.get(0).get("hosts").asInt());
        assertEquals(7, ports.get(0).get("count").asInt());
        assertEquals("web1", ports.get(0).get("top_host").asText());
        JsonNode peers = Cli.run("report", "--db", db, "--by", "peer", "--sort", "TIME_WAIT", "--format", "json").json();
        assertEquals("10.0.3.7:5432", peers.get(0).get("peer").asText());
        assertEquals("out", peers.get(0).get("direction").asText());
        assertEquals(310, peers.get(0).get("count").asInt());
        Cli.Run csv = Cli.run("report", "--db", db, "--by", "peer", "--format", "csv");
        assertTrue(csv.out().startsWith("peer,direction,hosts,state,count,TOTAL,top_host,top_host_count\n"), csv.out());
        assertEquals(2, Cli.run("report", "--db", db, "--by", "host").exit());
    }

    @Test
    void anInventoryGroup() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1\nweb2\n[db]\ndb1\n");
        JsonNode rows = Cli.run("report", "--db", db, "-i", inv.toString(), "--group", "db", "--format", "json").json();
        assertEquals(1, rows.size());
        assertEquals("db1", rows.get(0).get("host").asText());
        assertEquals(2, Cli.run("report", "--db", db, "--group", "db").exit(), "--group needs -i");
    }
}
