package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deadband that decides when history stores a new breakdown. */
class BreakdownTest {

    static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    static Breakdown of(long web, long timeWait, long smallPeer) {
        List<PeerTally> peers = new java.util.ArrayList<>(List.of(
                new PeerTally("10.0.3.7", 5432, false, 1, StateCounts.of(Map.of(TcpState.TIME_WAIT, timeWait)))));
        if (smallPeer > 0) {
            peers.add(new PeerTally("10.9.9.9", 0, true, 1, StateCounts.of(Map.of(TcpState.ESTABLISHED, smallPeer))));
        }
        return new Breakdown(List.of(new PortTally(443, 1, 0, StateCounts.of(Map.of(TcpState.ESTABLISHED, web)))), peers,
                null);
    }

    @Test
    void smallMovesStayWithinTheDeadband() {
        Breakdown stored = of(1000, 100, 3);
        assertFalse(Breakdown.worthStoring(stored, T, of(1100, 110, 3), T.plusSeconds(60)), "10% and 10%");
        assertFalse(Breakdown.worthStoring(stored, T, of(905, 95, 0), T.plusSeconds(60)), "a peer of 3 sockets went");
        assertFalse(Breakdown.worthStoring(of(2, 4, 0), T, of(7, 0, 5), T.plusSeconds(60)), "5 sockets either way");
    }

    @Test
    void largerMovesNewKeysAgeAndANewDayStoreANewOne() {
        Breakdown stored = of(1000, 100, 3);
        assertTrue(Breakdown.worthStoring(null, null, stored, T));
        assertTrue(Breakdown.worthStoring(stored, T, of(1101, 100, 3), T.plusSeconds(60)), "over 10% on a port");
        assertTrue(Breakdown.worthStoring(stored, T, of(1000, 111, 3), T.plusSeconds(60)), "over 10% toward a peer");
        assertTrue(Breakdown.worthStoring(of(2, 4, 0), T, of(2, 4, 6), T.plusSeconds(60)), "a peer of 6 sockets came");
        assertTrue(Breakdown.worthStoring(stored, T, stored, T.plus(Breakdown.MAX_AGE)), "an hour old");
        assertTrue(Breakdown.worthStoring(stored, T, stored, T.minusSeconds(60)), "written late: not older than itself");
        Instant lateEvening = Instant.parse("2026-11-24T23:59:00Z");
        assertTrue(Breakdown.worthStoring(stored, lateEvening, stored, lateEvening.plusSeconds(120)), "a new UTC day");
    }
}
