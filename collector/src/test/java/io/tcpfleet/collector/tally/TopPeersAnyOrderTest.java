package io.tcpfleet.collector.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.KernelRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The case end to end through the parser, default options: a service peer holding 30,000
 * TIME_WAIT sockets on a host with 210,000 distinct clients must be the top peer with its exact
 * count in whatever order the kernel lists the connections — including after every client.
 */
class TopPeersAnyOrderTest {

    private static final int LOCAL = 0x0A000001;        // 10.0.0.1
    private static final int SERVICE = 0x0A630005;      // 10.99.0.5, port 5432
    private static final int CLIENTS = 210_000;
    private static final int TIME_WAITS = 30_000;
    private static final int ESTABLISHED = 100;

    /** Connection rows of the host (listeners come first in a real dump and stay first here). */
    private static List<String> clientRows() {
        KernelRows rows = new KernelRows();
        for (int i = 0; i < CLIENTS; i++) {
            rows.v4(LOCAL, 443, 0x0B000000 + i * 7, 40_000 + i % 20_000, KernelRows.ESTABLISHED, 0);
        }
        return rows.lines();
    }

    private static List<String> serviceRows() {
        KernelRows rows = new KernelRows();
        for (int i = 0; i < TIME_WAITS; i++) {
            rows.v4TimeWait(LOCAL, 32_768 + i % 28_000, SERVICE, 5432, KernelRows.TIME_WAIT);
        }
        for (int i = 0; i < ESTABLISHED; i++) {
            rows.v4(LOCAL, 61_000 + i, SERVICE, 5432, KernelRows.ESTABLISHED, 0);
        }
        return rows.lines();
    }

    private static SocketTally tally(List<String> connections) throws IOException {
        StringBuilder dump = new StringBuilder(KernelRows.V4_HEADER);
        dump.append(new KernelRows().v4(0, 443, 0, 0, KernelRows.LISTEN, 0).text());
        for (String row : connections) {
            dump.append(row).append('\n');
        }
        byte[] bytes = dump.toString().getBytes(StandardCharsets.ISO_8859_1);
        return new ProcNetTcpParser(TallyOptions.full()).parse(new ByteArrayInputStream(bytes));
    }

    private static void assertHeavyPeerExact(SocketTally t, String order) {
        PeerTally top = t.peers().get(0);
        assertEquals("10.99.0.5:5432", top.endpoint(), order);
        assertFalse(top.inbound(), order);
        assertEquals(TIME_WAITS, top.states().get(TcpState.TIME_WAIT), order);
        assertEquals(ESTABLISHED, top.states().get(TcpState.ESTABLISHED), order);
        assertEquals(TIME_WAITS + ESTABLISHED, top.states().total(), order + ": all states, nothing else");
        assertTrue(top.exact(), order + ": certified exact");

        assertEquals(TIME_WAITS, t.get(TcpState.TIME_WAIT), order);
        assertEquals(CLIENTS + ESTABLISHED, t.get(TcpState.ESTABLISHED), order);
        long named = t.peers().stream().mapToLong(p -> p.states().total()).sum();
        PeerTally other = t.otherPeers();
        assertEquals(t.total() - t.get(TcpState.LISTEN), named + other.states().total(), order + ": nothing dropped");
        assertEquals(0, other.states().get(TcpState.TIME_WAIT), order);
        assertTrue(other.peersEstimated(), order + ": beyond the tracked peers the distinct count is an estimate");
        long distinct = other.peers() + t.peers().size();
        assertEquals(CLIENTS + 1, distinct, (CLIENTS + 1) * 0.03, order + ": distinct peers within 3 %");
    }

    @Test
    void theServiceIsTheExactTopPeerAfterEveryClientBeforeThemAndShuffled() throws IOException {
        List<String> clients = clientRows();
        List<String> service = serviceRows();

        List<String> adversarial = new ArrayList<>(clients);
        adversarial.addAll(service);
        assertHeavyPeerExact(tally(adversarial), "after every client");

        List<String> first = new ArrayList<>(service);
        first.addAll(clients);
        assertHeavyPeerExact(tally(first), "before every client");

        Random random = new Random(20261127);
        for (int round = 0; round < 3; round++) {
            Collections.shuffle(adversarial, random);
            assertHeavyPeerExact(tally(adversarial), "shuffle " + round);
        }
    }
}
