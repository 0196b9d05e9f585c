package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.Tallies;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 §2: {@code get} by an address never answers with another host's value. */
class GetByAddressTest {

    @TempDir
    Path dir;

    static PollResult at(String name, int port, long timeWait, Instant now) {
        PollResult r = Tallies.host().add(TIME_WAIT, timeWait).result(name, now);
        return new PollResult(Host.ssh(name, "127.0.0.1", port, null), r.polledAt(), r.duration(), r.status(), r.error(),
                r.note(), r.bytes(), r.tally());
    }

    @Test
    void anAddressTwoHostsShareIsAnErrorNamingBoth() {
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant now = Instant.now();
        try (SampleStore s = SampleStore.open(db)) {
            s.writeSweep(now, now, List.of(at("web-a", 22022, 5, now), at("web-b", 22023, 9, now),
                    Tallies.host().add(TIME_WAIT, 3).result("db1", now)));
        }
        Cli.Run shared = Cli.run("get", "127.0.0.1", "TIME_WAIT", "--db", db);
        assertEquals(1, shared.exit(), shared.toString());
        assertEquals("", shared.out(), "no value for an ambiguous address");
        assertTrue(shared.err().contains("ambiguous address 127.0.0.1: hosts web-a, web-b share it; ask by host name instead"),
                shared.toString());

        assertEquals("5", Cli.run("get", "web-a", "TIME_WAIT", "--db", db).out().strip());
        assertEquals("9", Cli.run("get", "web-b", "TIME_WAIT", "--db", db).out().strip());
        String db1Address = Tallies.host().result("db1", now).host().address();
        Cli.Run unique = Cli.run("get", db1Address, "TIME_WAIT", "--db", db);
        assertEquals(0, unique.exit(), unique.toString());
        assertEquals("3", unique.out().strip(), "an address only one host has still works");
    }
}
