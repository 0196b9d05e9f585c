package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BreakdownCodecTest {

    static StateCounts counts(Random r) {
        long[] c = new long[TcpState.COUNT];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextInt(4) == 0 ? (long) Math.pow(r.nextInt(40), r.nextInt(4)) : 0;
        }
        return StateCounts.of(c);
    }

    @Test
    void everyBreakdownReadsBackAsWritten() {
        Random r = new Random(7);
        String[] addresses = {"10.0.0.1", "255.255.255.255", "0.0.0.0", "2001:db8::5", "::ffff:1.2.3.4", "010.0.0.1",
                "1.2.3", "fe80::1%eth0", "host.example", "1.2.3.256", "ünïcødé"};
        for (int round = 0; round < 200; round++) {
            List<PortTally> ports = new ArrayList<>();
            for (int i = 0, port = 0; i < r.nextInt(8); i++) {
                port = round % 2 == 0 ? port + 1 + r.nextInt(9000) : r.nextInt(65536); // ascending, or not
                ports.add(new PortTally(port, r.nextInt(3), r.nextInt(2) == 0 ? 0 : r.nextLong() >>> 1, counts(r)));
            }
            List<PeerTally> peers = new ArrayList<>();
            for (int i = 0; i < r.nextInt(25); i++) {
                peers.add(new PeerTally(addresses[r.nextInt(addresses.length)], r.nextInt(65536), r.nextBoolean(),
                        1 + r.nextInt(3), counts(r), r.nextInt(4) == 0 ? 1 + r.nextInt(500) : 0, r.nextInt(5) == 0));
            }
            PeerTally other = r.nextBoolean() ? null : new PeerTally(null, 0, false, r.nextInt(1_000_000), counts(r),
                    r.nextInt(3) == 0 ? r.nextInt(90) + 1 : 0, r.nextBoolean());
            Breakdown b = new Breakdown(ports, peers, other);
            assertEquals(b, BreakdownCodec.decode(BreakdownCodec.encode(b)), "round " + round);
        }
    }

    /** The documented layout, byte for byte: a change of format needs a new format byte. */
    @Test
    void theFormatIsTheDocumentedOne() {
        Breakdown b = new Breakdown(
                List.of(new PortTally(443, 2, 3, StateCounts.of(Map.of(TcpState.ESTABLISHED, 200L, TcpState.LISTEN, 2L)))),
                List.of(new PeerTally("10.0.3.7", 5432, false, 1, StateCounts.of(Map.of(TcpState.TIME_WAIT, 40L))),
                        new PeerTally("::1", 0, true, 1, StateCounts.of(Map.of(TcpState.ESTABLISHED, 1L)))),
                new PeerTally(null, 0, false, 12, StateCounts.of(Map.of(TcpState.ESTABLISHED, 5L))));
        String expected = "03" // format
                + "01" + "f606" + "02" + "03" + "8104" + "c801" + "02" // 1 port: zz(443), listeners, queue, mask(EST|LISTEN), 200, 2
                + "02" // 2 peers
                + "00" + "0a000307" + "b82a" + "01" + "20" + "28" // v4 outbound, 10.0.3.7, 5432, 1 peer, mask(TIME_WAIT), 40
                + "03" + "03" + "3a3a31" + "00" + "01" + "01" + "01" // inbound + text, "::1", port 0, 1 peer, mask(EST), 1
                + "01" + "0c" + "01" + "05"; // other: 12 peers, mask(EST), 5
        assertEquals(expected, HexFormat.of().formatHex(BreakdownCodec.encode(b)));
        assertTrue(BreakdownCodec.encode(b).length < 40);
        // the format before the accuracy bits (0x01) still reads: the same bytes, exact counts
        assertEquals(b, BreakdownCodec.decode(HexFormat.of().parseHex("01" + expected.substring(2))));
        // an estimated "other" and a peer that may be short by 7: bits 3 and 2 of their kinds
        Breakdown inexact = new Breakdown(List.of(),
                List.of(new PeerTally("10.0.3.7", 5432, false, 1, StateCounts.of(Map.of(TcpState.TIME_WAIT, 40L)), 7, false)),
                new PeerTally(null, 0, false, 16500, StateCounts.of(Map.of(TcpState.ESTABLISHED, 5L)), 0, true));
        assertEquals("03" + "00" + "01" + "04" + "0a000307" + "b82a" + "01" + "20" + "28" + "07" + "09" + "f480" + "01" + "01" + "05",
                HexFormat.of().formatHex(BreakdownCodec.encode(inexact)));
        assertEquals(inexact, BreakdownCodec.decode(BreakdownCodec.encode(inexact)));
    }

    /** A host's usual breakdown (20 peers, 5 ports) is stored deflated: smaller, and read back the same. */
    @Test
    void aFullBreakdownIsDeflated() {
        Random r = new Random(3);
        List<PeerTally> peers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            peers.add(new PeerTally("172.16." + r.nextInt(256) + "." + r.nextInt(256), i < 3 ? 5432 : 0, i >= 3, 1,
                    StateCounts.of(Map.of(TcpState.ESTABLISHED, (long) r.nextInt(200), TcpState.TIME_WAIT, (long) r.nextInt(9)))));
        }
        List<PortTally> ports = new ArrayList<>();
        for (int p : new int[] {22, 443, 8080, 9100, 9200}) {
            ports.add(new PortTally(p, 1, 0, StateCounts.of(Map.of(TcpState.LISTEN, 1L, TcpState.ESTABLISHED, (long) r.nextInt(300)))));
        }
        Breakdown b = new Breakdown(ports, peers, new PeerTally(null, 0, false, 230, StateCounts.of(Map.of(TcpState.ESTABLISHED, 310L))));
        byte[] data = BreakdownCodec.encode(b);
        assertEquals(BreakdownCodec.DEFLATED, data[0]);
        assertTrue(data.length < 200, data.length + " bytes");
        assertEquals(b, BreakdownCodec.decode(data));
    }

    @Test
    void corruptDataIsAClearErrorNotAnOutOfMemory() {
        Breakdown b = new Breakdown(List.of(), List.of(new PeerTally("10.0.0.1", 80, false, 1, StateCounts.EMPTY)), null);
        byte[] good = BreakdownCodec.encode(b);
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(new byte[] {5}));
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(new byte[] {4}));
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(new byte[] {2, 1, 2, 3}));
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(new byte[0]));
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(java.util.Arrays.copyOf(good, good.length - 1)));
        byte[] tooMany = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        StoreException e = assertThrows(StoreException.class, () -> BreakdownCodec.decode(tooMany));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
        byte[] extra = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(StoreException.class, () -> BreakdownCodec.decode(extra));
        assertArrayEquals(good, BreakdownCodec.encode(BreakdownCodec.decode(good)));
    }
}
