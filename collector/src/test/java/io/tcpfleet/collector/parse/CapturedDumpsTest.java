package io.tcpfleet.collector.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteOrder;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real dumps captured from network namespaces (see dumps/README.md), against ss's ground truth. */
class CapturedDumpsTest {

    private static SocketTally parse(String resource, ByteOrder order) throws IOException {
        try (InputStream in = CapturedDumpsTest.class.getResourceAsStream("/dumps/" + resource)) {
            if (in == null) {
                throw new AssertionError("missing fixture " + resource);
            }
            return new ProcNetTcpParser(TallyOptions.full().withByteOrder(order)).parse(in);
        }
    }

    private static Properties expected(String name) throws IOException {
        try (InputStream in = CapturedDumpsTest.class.getResourceAsStream("/dumps/" + name + ".expected")) {
            Properties p = new Properties();
            p.load(new StringReader(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            return p;
        }
    }

    @ParameterizedTest
    @CsvSource({
            "netns-mixed.dump, netns-mixed, LITTLE",
            "netns-mixed-bigendian.dump, netns-mixed-bigendian, BIG",
            "hostile/crlf.dump, netns-mixed, LITTLE",
            "netns-empty.dump, netns-empty, LITTLE"})
    void countsEqualSsInTheSameNamespace(String dump, String truth, String order) throws IOException {
        SocketTally t = parse(dump, order.equals("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Properties want = expected(truth);
        for (TcpState s : TcpState.COUNTED) {
            assertEquals(Long.parseLong(want.getProperty(s.name())), t.get(s), s.name());
        }
        assertEquals(Long.parseLong(want.getProperty("TOTAL")), t.total());
        assertEquals(Long.parseLong(want.getProperty("IPV4")), t.ipv4());
        assertEquals(Long.parseLong(want.getProperty("IPV6")), t.ipv6());
        assertEquals(0, t.parse().malformed());
        assertEquals(2, t.parse().headers());
        // Every listening port ss knows, with its accept queue and every state on it.
        int ports = 0;
        for (String key : want.stringPropertyNames()) {
            if (!key.startsWith("PORT.") || !key.endsWith(".ACCEPT_QUEUE")) {
                continue;
            }
            ports++;
            int port = Integer.parseInt(key.split("\\.")[1]);
            PortTally p = t.port(port).orElseThrow(() -> new AssertionError("no port " + port));
            assertEquals(Long.parseLong(want.getProperty(key)), p.acceptQueue(), "accept queue of " + port);
            for (TcpState s : TcpState.COUNTED) {
                long n = Long.parseLong(want.getProperty("PORT." + port + "." + s.name(), "0"));
                assertEquals(n, p.states().get(s), port + " " + s);
            }
        }
        assertEquals(ports, t.ports().size());
    }

    @Test
    void peersOfTheMixedNamespaceAreNamedInBothByteOrders() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            SocketTally t = parse(order == ByteOrder.BIG_ENDIAN ? "netns-mixed-bigendian.dump" : "netns-mixed.dump", order);
            assertEquals(4, peer(t, "10.253.0.2:5433").states().get(TcpState.TIME_WAIT), "the host closed first");
            assertEquals(3, peer(t, "10.253.0.2:5432").states().get(TcpState.ESTABLISHED));
            assertEquals(2, peer(t, "[fd00:253::2]:5432").states().get(TcpState.ESTABLISHED));
            assertEquals(2, peer(t, "10.253.0.2:5999").states().get(TcpState.SYN_SENT));
            var client = peer(t, "10.253.0.2");
            assertTrue(client.inbound());
            // 3 + 2 CLOSE_WAIT on 8080, 3 queued on 7070, 2 SYN_RECV, 2 LAST_ACK, 2 via ::ffff: on 8443
            assertEquals(14, client.states().total());
            assertEquals(2, peer(t, "fd00:253::2").states().total());
        }
    }

    private static io.tcpfleet.model.PeerTally peer(SocketTally t, String endpoint) {
        return t.peers().stream().filter(p -> p.endpoint().equals(endpoint)).findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + endpoint + " in " + t.peers()));
    }

    @Test
    void thisMachinesOwnTableParses() throws IOException {
        SocketTally t = parse("local-machine.dump", ByteOrder.LITTLE_ENDIAN);
        assertTrue(t.get(TcpState.LISTEN) >= 1);
        assertTrue(t.get(TcpState.ESTABLISHED) >= 2);
        assertTrue(t.get(TcpState.TIME_WAIT) >= 1);
        assertEquals(0, t.parse().malformed());
    }

    @Test
    void truncatedRowsAreMalformedTheRestCounts() throws IOException {
        SocketTally t = parse("hostile/truncated.dump", ByteOrder.LITTLE_ENDIAN);
        assertEquals(4, t.get(TcpState.LISTEN));
        assertEquals(1, t.get(TcpState.CLOSE_WAIT));
        assertEquals(5, t.total());
        assertEquals(2, t.parse().malformed());
        assertEquals(7, t.parse().firstBadLine());
    }

    @Test
    void tenTokenRowsAreAccepted() throws IOException {
        SocketTally t = parse("hostile/ten-tokens.dump", ByteOrder.LITTLE_ENDIAN);
        assertEquals(4, t.get(TcpState.LISTEN));
        assertEquals(0, t.parse().malformed());
    }

    @Test
    void garbageLinesAreCountedUnknownCodesAreStates() throws IOException {
        SocketTally t = parse("hostile/mixed-garbage.dump", ByteOrder.LITTLE_ENDIAN);
        assertEquals(4, t.get(TcpState.LISTEN));
        assertEquals(1, t.get(TcpState.UNKNOWN));
        assertEquals(5, t.total());
        assertEquals(3, t.parse().malformed());
        assertEquals(3, t.parse().firstBadLine());
    }

    @Test
    void emptyAndBinaryInputsAreErrorsThatSayWhy() {
        assertTrue(assertThrows(ProcNetTcpParseException.class, () -> parse("hostile/empty.dump", ByteOrder.LITTLE_ENDIAN))
                .getMessage().startsWith("empty input"));
        assertTrue(assertThrows(ProcNetTcpParseException.class, () -> parse("hostile/garbage.bin", ByteOrder.LITTLE_ENDIAN))
                .getMessage().startsWith("no parseable socket row"));
    }
}
