package io.tcpfleet.collector.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.KernelRows;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcNetTcpParserTest {

    private static SocketTally full(byte[] in) throws IOException {
        return new ProcNetTcpParser(TallyOptions.full()).parse(new ByteArrayInputStream(in));
    }

    private static SocketTally full(String in) throws IOException {
        return full(in.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A little web server: nginx on 80 with two clients, a pool to a database, a TIME_WAIT pile. */
    private static KernelRows webServer(boolean littleEndian) {
        return new KernelRows(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).v4Header()
                .v4("0.0.0.0", 80, "0.0.0.0", 0, 0x0A, 3)
                .v4("127.0.0.1", 5432, "0.0.0.0", 0, 0x0A, 0)
                .v4("10.0.0.1", 80, "10.0.0.7", 40001, 0x01, 0)
                .v4("10.0.0.1", 80, "10.0.0.7", 40002, 0x08, 0)
                .v4("10.0.0.1", 80, "10.0.0.9", 50000, 0x01, 0)
                .v4("10.0.0.1", 45000, "10.0.0.50", 5432, 0x01, 0)
                .v4TimeWait("10.0.0.1", 45001, "10.0.0.50", 5432, 0x06)
                .v4TimeWait("10.0.0.1", 45002, "10.0.0.50", 5432, 0x06)
                .v4TimeWait("10.0.0.1", 45003, "10.0.0.51", 443, 0x05)
                .v6Header()
                .v6("::", 443, "::", 0, 0x0A, 0)
                .v6("2001:db8::1", 443, "2001:db8::99", 51000, 0x01, 0)
                .v6("::ffff:10.0.0.1", 443, "::ffff:10.0.0.7", 41000, 0x01, 0)
                .v6("2001:db8::1", 39000, "2001:db8:0:0:1::5", 9200, 0x02, 0);
    }

    @Test
    void countsEveryStateOfAKernelDump() throws IOException {
        SocketTally t = full(webServer(true).bytes());
        assertEquals(4, t.get(TcpState.ESTABLISHED) - 1); // 5 established rows
        assertEquals(3, t.get(TcpState.LISTEN));
        assertEquals(1, t.get(TcpState.CLOSE_WAIT));
        assertEquals(2, t.get(TcpState.TIME_WAIT));
        assertEquals(1, t.get(TcpState.FIN_WAIT2), "time-wait row with sub-state 05");
        assertEquals(1, t.get(TcpState.SYN_SENT));
        assertEquals(13, t.total());
        assertEquals(9, t.ipv4());
        assertEquals(4, t.ipv6());
        assertEquals(2, t.parse().headers());
        assertEquals(0, t.parse().malformed());
        assertEquals(15, t.parse().lines());
    }

    @Test
    void listeningPortsCarryTheirConnectionsAndAcceptQueue() throws IOException {
        SocketTally t = full(webServer(true).bytes());
        assertEquals(List.of(80, 443, 5432), t.ports().stream().map(PortTally::port).toList());
        PortTally http = t.port(80).orElseThrow();
        assertEquals(1, http.listeners());
        assertEquals(3, http.acceptQueue());
        assertEquals(2, http.states().get(TcpState.ESTABLISHED));
        assertEquals(1, http.states().get(TcpState.CLOSE_WAIT));
        assertEquals(3, http.connections());
        PortTally https = t.port(443).orElseThrow();
        assertEquals(2, https.connections(), "IPv6 and IPv4-mapped clients of the dual-stack listener");
        assertEquals(0, t.port(5432).orElseThrow().connections());
        assertTrue(t.port(45000).isEmpty(), "ephemeral ports without a listener are not services");
    }

    @Test
    void peersAreClientsByAddressAndServicesByAddressAndPort() throws IOException {
        SocketTally t = full(webServer(true).bytes());
        PeerTally top = t.peers().get(0);
        assertEquals("10.0.0.7", top.endpoint(), "ties ordered by address");
        PeerTally db = t.peers().get(1);
        assertEquals("10.0.0.50:5432", db.endpoint());
        assertEquals(3, db.states().total());
        assertTrue(!db.inbound());
        assertEquals(2, db.states().get(TcpState.TIME_WAIT));
        PeerTally client = t.peers().stream().filter(p -> p.endpoint().equals("10.0.0.7")).findFirst().orElseThrow();
        assertTrue(client.inbound());
        assertEquals(3, client.states().total(), "IPv4 and IPv4-mapped rows of one client merge");
        assertTrue(t.peers().stream().anyMatch(p -> p.endpoint().equals("[2001:db8::1:0:0:5]:9200")));
        assertTrue(t.peers().stream().anyMatch(p -> p.endpoint().equals("2001:db8::99")));
        assertNull(t.otherPeers());
        long peerSockets = t.peers().stream().mapToLong(p -> p.states().total()).sum();
        assertEquals(t.total() - t.get(TcpState.LISTEN), peerSockets);
    }

    @Test
    void peersBeyondTopNAreSummedNotDropped() throws IOException {
        TallyOptions top2 = TallyOptions.full().withTopPeers(2);
        SocketTally t = new ProcNetTcpParser(top2).parse(new ByteArrayInputStream(webServer(true).bytes()));
        assertEquals(2, t.peers().size());
        PeerTally other = t.otherPeers();
        assertEquals("other", other.endpoint());
        long sum = t.peers().stream().mapToLong(p -> p.states().total()).sum() + other.states().total();
        assertEquals(t.total() - t.get(TcpState.LISTEN), sum);
        assertEquals(4, other.peers());
    }

    @Test
    void bigEndianHostsNeedNoByteSwap() throws IOException {
        TallyOptions be = TallyOptions.full().withByteOrder(ByteOrder.BIG_ENDIAN);
        SocketTally little = full(webServer(true).bytes());
        SocketTally big = new ProcNetTcpParser(be).parse(new ByteArrayInputStream(webServer(false).bytes()));
        assertEquals(little.states(), big.states());
        assertEquals(little.ports(), big.ports());
        assertEquals(little.peers(), big.peers());
        assertEquals("10.0.0.50:5432", big.peers().get(1).endpoint());
    }

    @Test
    void statesOnlyCountsTheSameStates() throws IOException {
        byte[] dump = webServer(true).bytes();
        SocketTally s = new ProcNetTcpParser(TallyOptions.statesOnly()).parse(new ByteArrayInputStream(dump));
        assertEquals(full(dump).states(), s.states());
        assertTrue(s.ports().isEmpty());
        assertTrue(s.peers().isEmpty());
    }

    @Test
    void unknownStateCodesAreCountedNotRejected() throws IOException {
        SocketTally t = full(new KernelRows().v4Header()
                .v4("10.0.0.1", 80, "10.0.0.2", 1000, 0x0D, 0)
                .v4("10.0.0.1", 80, "10.0.0.2", 1001, 0x0C, 0)
                .v4("10.0.0.1", 80, "10.0.0.2", 1002, 0xFF, 0)
                .bytes());
        assertEquals(2, t.get(TcpState.UNKNOWN));
        assertEquals(1, t.get(TcpState.SYN_RECV), "NEW_SYN_RECV (0C) counts as SYN_RECV");
        assertEquals(0, t.parse().malformed());
    }

    @Test
    void tenTokenRowsAreAcceptedNineAreNot() throws IOException {
        String ten = "   0: 0100007F:0016 00000000:0000 0A 00000000:00000005 00:00000000 00000000 0 0 4711\n";
        String nine = "   1: 0100007F:0017 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0\n";
        SocketTally t = full(KernelRows.V4_HEADER + ten + nine);
        assertEquals(1, t.get(TcpState.LISTEN));
        assertEquals(5, t.port(22).orElseThrow().acceptQueue());
        assertEquals(1, t.parse().malformed());
        assertEquals(3, t.parse().firstBadLine());
        assertTrue(t.parse().firstBadReason().contains("9 token"), t.parse().firstBadReason());
    }

    @Test
    void irregularSpacingTabsAndCrlfTakeTheGeneralPathWithTheSameResult() throws IOException {
        String canonical = webServer(true).text();
        String irregular = canonical.replace(": ", ":\t ").replace("\n", "  \r\n");
        SocketTally a = full(canonical);
        SocketTally b = full(irregular);
        assertEquals(a.states(), b.states());
        assertEquals(a.ports(), b.ports());
        assertEquals(a.peers(), b.peers());
        assertEquals(0, b.parse().malformed());
    }

    @Test
    void malformedLinesAreCountedAndTheFirstOneIsNamed() throws IOException {
        KernelRows rows = new KernelRows().v4Header().v4("10.0.0.1", 80, "10.0.0.2", 1000, 0x01, 0);
        String good = rows.text();
        String dump = good
                + "   1: 0100007F:0016 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
                + "hello world\n"
                + "   2: 0100007X:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
                + "   3: 0100007F:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n"
                + "\n"
                + "   4: 0100007F:0016 00000000:0000 01";
        SocketTally t = full(dump);
        assertEquals(1, t.total());
        assertEquals(5, t.parse().malformed());
        assertEquals(3, t.parse().firstBadLine());
        assertTrue(t.parse().firstBadReason().contains("state"), t.parse().firstBadReason());
        assertEquals(8, t.parse().lines());
    }

    @Test
    void headersAloneAreAHostWithNoSockets() throws IOException {
        SocketTally t = full(KernelRows.V4_HEADER + KernelRows.V6_HEADER);
        assertEquals(0, t.total());
        assertEquals(2, t.parse().headers());
    }

    @Test
    void aHeaderOverOnlyMalformedRowsIsAnErrorNotAHostWithZeroSockets() {
        String dump = KernelRows.V4_HEADER
                + "   0: 0100007F:0016 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
                + "   1: truncated\n"
                + KernelRows.V6_HEADER;
        ProcNetTcpParseException e = assertThrows(ProcNetTcpParseException.class, () -> full(dump));
        assertTrue(e.getMessage().startsWith("no parseable socket row in 4 line(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("first bad line 2: state is not a hex code"), e.getMessage());
        assertThrows(ProcNetTcpParseException.class, () -> new ProcNetTcpParser(TallyOptions.statesOnly())
                .parse(stream(dump)), "states-only decides the same");
    }

    @Test
    void emptyInputIsAnErrorThatSaysSo() {
        ProcNetTcpParseException e = assertThrows(ProcNetTcpParseException.class, () -> full(new byte[0]));
        assertTrue(e.getMessage().startsWith("empty input"), e.getMessage());
    }

    @Test
    void inputWithoutAnyRowIsAnErrorNamingTheFirstBadLine() {
        ProcNetTcpParseException e = assertThrows(ProcNetTcpParseException.class,
                () -> full("\n-bash: /proc/net/tcp: No such file or directory\n"));
        assertTrue(e.getMessage().contains("first bad line 2"), e.getMessage());
    }

    @Test
    void binaryGarbageIsAnErrorNotACrash() {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        ProcNetTcpParseException e = assertThrows(ProcNetTcpParseException.class, () -> full(garbage));
        assertTrue(e.getMessage().startsWith("no parseable socket row"), e.getMessage());
    }

    @Test
    void aLineLongerThanTheBufferIsOneMalformedLine() throws IOException {
        byte[] head = new KernelRows().v4Header().v4("10.0.0.1", 80, "10.0.0.2", 1000, 0x01, 0).bytes();
        byte[] tail = new KernelRows().v4("10.0.0.1", 80, "10.0.0.3", 1000, 0x01, 0).bytes();
        byte[] dump = new byte[head.length + 3_000_000 + 1 + tail.length];
        System.arraycopy(head, 0, dump, 0, head.length);
        java.util.Arrays.fill(dump, head.length, head.length + 3_000_000, (byte) 'x');
        dump[head.length + 3_000_000] = '\n';
        System.arraycopy(tail, 0, dump, head.length + 3_000_001, tail.length);
        SocketTally t = full(dump);
        assertEquals(2, t.total());
        assertEquals(1, t.parse().malformed());
        assertEquals(3, t.parse().firstBadLine());
        assertEquals(4, t.parse().lines());
    }

    @Test
    void resultsDoNotDependOnHowTheStreamIsChunked() throws IOException {
        byte[] dump = webServer(true).raw("   9: garbage\n").bytes();
        SocketTally whole = full(dump);
        for (int chunk : new int[] {1, 7, 149, 150, 151, 4096}) {
            SocketTally t = new ProcNetTcpParser(TallyOptions.full()).parse(new Chunked(dump, chunk));
            assertEquals(whole, t, "chunk " + chunk);
        }
    }

    @Test
    void aReusedParserForgetsThePreviousHost() throws IOException {
        ProcNetTcpParser parser = new ProcNetTcpParser(TallyOptions.full());
        SocketTally first = parser.parse(new ByteArrayInputStream(webServer(true).bytes()));
        parser.parse(new ByteArrayInputStream(new KernelRows().v4Header()
                .v4("10.9.9.9", 8080, "0.0.0.0", 0, 0x0A, 0).bytes()));
        SocketTally again = parser.parse(new ByteArrayInputStream(webServer(true).bytes()));
        assertEquals(first, again);
    }

    @Test
    void randomCorruptionNeverCrashesAndBothModesAgree() throws IOException {
        byte[] clean = webServer(true).bytes();
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            byte[] dump = clean.clone();
            for (int k = random.nextInt(6); k >= 0; k--) {
                dump[random.nextInt(dump.length)] = (byte) random.nextInt(256);
            }
            SocketTally a;
            try {
                a = full(dump);
            } catch (ProcNetTcpParseException e) {
                continue;
            }
            SocketTally s = new ProcNetTcpParser(TallyOptions.statesOnly()).parse(new ByteArrayInputStream(dump));
            assertEquals(a.states(), s.states(), "round " + round);
            assertEquals(a.parse(), s.parse(), "round " + round);
            // General path alone (CRLF endings defeat the fixed-width fast path) must agree too.
            byte[] crlf = new String(dump, StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            SocketTally g = full(crlf);
            assertEquals(a.states(), g.states(), "round " + round + "\n" + new String(dump, StandardCharsets.ISO_8859_1));
            assertEquals(a.parse().malformed(), g.parse().malformed(), "round " + round);
        }
    }

    /** Hands out at most {@code chunk} bytes per read, like a slow SSH channel. */
    static final class Chunked extends FilterInputStream {
        private final int chunk;

        Chunked(byte[] data, int chunk) {
            super(new ByteArrayInputStream(data));
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
