package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.model.json.SampleJson;
import io.tcpfleet.testkit.Tallies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code get} reads the daemon's host document with Jackson's streaming parser: it must take from
 * the very document the API serves ({@link SampleJson}, ports, peers and all) the host, time and
 * every state, and refuse anything that is not a complete OK sample (then the database answers).
 */
class DaemonApiDocumentTest {

    static final Freshness FRESH = Freshness.never(Clock.fixed(Tallies.NOW, ZoneOffset.UTC));

    static Optional<DaemonApi.Sample> read(String json) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
            return DaemonApi.sample(p);
        }
    }

    static String served(PollResult r) {
        return new String(SampleJson.compact(SampleJson.sample(r, FRESH)), StandardCharsets.UTF_8);
    }

    @Test
    void theServedDocumentGivesTheHostTimeAndEveryState() throws Exception {
        PollResult r = Tallies.host().add(TcpState.CLOSE_WAIT, 7).add(TcpState.TIME_WAIT, 120)
                .port(8080, 2, TcpState.ESTABLISHED, 30, TcpState.CLOSE_WAIT, 7)
                .outbound("10.0.3.7", 5432, TcpState.TIME_WAIT, 100)
                .result("web1", Tallies.NOW.minusSeconds(5));
        String json = served(r);
        assertTrue(json.contains("\"ports\":[{") && json.contains("\"peers\":[{"), json);
        DaemonApi.Sample s = read(json).orElseThrow();
        assertEquals("web1", s.host());
        assertEquals(r.polledAt(), s.polledAt());
        assertEquals(r.tally().states(), s.states());
        assertEquals(r.tally().total(), s.states().get(TcpState.TOTAL));
    }

    @Test
    void anythingButACompleteOkSampleIsLeftToTheDatabase() throws Exception {
        PollResult failed = PollResult.failed(Tallies.host().result().host(), Tallies.NOW, Duration.ofSeconds(1),
                PollStatus.TIMEOUT, "no answer", 0);
        assertEquals(Optional.empty(), read(served(failed)), "a failed poll: states null");
        String ok = served(Tallies.host().result());
        assertEquals(Optional.empty(), read(ok.replace("\"LISTEN\":3,", "")), "a state missing");
        assertEquals(Optional.empty(), read(ok.replace("\"status\":\"OK\"", "\"status\":\"PARSE_FAILED\"")));
        assertEquals(Optional.empty(), read(ok.replace("\"LISTEN\":3", "\"LISTEN\":\"3\"")), "a count that is not a number");
        assertEquals(Optional.empty(), read("[]"));
        assertThrows(IllegalArgumentException.class, () -> read(ok.replace("\"LISTEN\":3", "\"LISTENING\":3")),
                "an unknown state: DaemonApi.latest turns it into the database's answer");
    }
}
