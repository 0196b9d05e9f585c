package io.tcpfleet.collector.tally;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the bounded peer table that hold for every row order, checked against exact counts
 * over random peer mixes, random orders and the orders an adversary would pick.
 */
class PeerTableTest {

    private static final int S = TcpState.COUNT;
    private static final int ESTABLISHED = TcpState.ESTABLISHED.ordinal();
    private static final int TIME_WAIT = TcpState.TIME_WAIT.ordinal();

    /** One socket: peer number (its IPv4 address) and state. Peers are outbound to port 443. */
    record Row(int peer, int state) {
    }

    private static long lo(int peer) {
        return 0x0000FFFF00000000L | (peer & 0xFFFFFFFFL);
    }

    private static String address(int peer) {
        return AddressFormat.format(0, lo(peer));
    }

    private static PeerTable run(int k, List<Row> rows) {
        PeerTable t = new PeerTable(k);
        for (Row r : rows) {
            t.add(0, lo(r.peer()), 443, r.state());
        }
        return t;
    }

    private static Map<String, long[]> truth(List<Row> rows) {
        Map<String, long[]> m = new HashMap<>();
        for (Row r : rows) {
            m.computeIfAbsent(address(r.peer()), a -> new long[S])[r.state()]++;
        }
        return m;
    }

    private static long total(long[] c) {
        long t = 0;
        for (long v : c) {
            t += v;
        }
        return t;
    }

    private static long[] counts(PeerTally p) {
        long[] c = new long[S];
        for (TcpState s : TcpState.COUNTED) {
            c[s.ordinal()] = p.states().get(s);
        }
        return c;
    }

    /** Light peers with 1-3 sockets, a few medium and a few heavy ones, in random states. */
    private static List<Row> mix(Random random, int lights, int heavies) {
        List<Row> rows = new ArrayList<>();
        int peer = 1;
        for (int i = 0; i < lights; i++, peer++) {
            for (int j = random.nextInt(3); j >= 0; j--) {
                rows.add(new Row(peer, random.nextInt(S)));
            }
        }
        for (int i = 0; i < heavies; i++, peer++) {
            int n = 5 + random.nextInt(lights / 4 + 5);
            for (int j = 0; j < n; j++) {
                rows.add(new Row(peer, random.nextBoolean() ? TIME_WAIT : random.nextInt(S)));
            }
        }
        return rows;
    }

    /** Random order, lights first, heavies first, or each heavy's first socket early and the rest last. */
    private static List<Row> order(Random random, List<Row> rows, int how) {
        List<Row> out = new ArrayList<>(rows);
        Map<Integer, Integer> size = new HashMap<>();
        rows.forEach(r -> size.merge(r.peer(), 1, Integer::sum));
        switch (how) {
            case 0 -> Collections.shuffle(out, random);
            case 1 -> out.sort((a, b) -> Integer.compare(size.get(a.peer()), size.get(b.peer())));
            case 2 -> out.sort((a, b) -> Integer.compare(size.get(b.peer()), size.get(a.peer())));
            default -> {
                Collections.shuffle(out, random);
                List<Row> early = new ArrayList<>();
                List<Row> late = new ArrayList<>();
                Map<Integer, Boolean> seen = new HashMap<>();
                for (Row r : out) {
                    boolean heavy = size.get(r.peer()) > 4;
                    (heavy && seen.putIfAbsent(r.peer(), true) != null ? late : early).add(r);
                }
                out = early;
                out.addAll(late);
            }
        }
        return out;
    }

    @Test
    void everyOrderKeepsTheGuarantees() {
        Random random = new Random(20261127);
        for (int trial = 0; trial < 400; trial++) {
            int k = 4 << random.nextInt(5);
            List<Row> rows = order(random, mix(random, random.nextInt(8 * k), random.nextInt(6)), trial % 4);
            String where = "trial " + trial + ", k " + k + ", order " + trial % 4;
            Map<String, long[]> truth = truth(rows);
            long n = rows.size();
            PeerTable table = run(k, rows);

            PeerTable.Result all = table.result(k);
            long[] sum = new long[S];
            for (PeerTally p : all.top()) {
                long[] c = counts(p);
                long[] want = truth.get(p.address());
                for (int s = 0; s < S; s++) {
                    assertTrue(c[s] <= want[s], where + ": a count above the truth for " + p.address());
                    sum[s] += c[s];
                }
                assertTrue(total(want) - total(c) <= p.missedAtMost(), where + ": the bound is too small");
                assertTrue(p.missedAtMost() <= n / k, where + ": the bound exceeds N/k");
                if (p.exact()) {
                    assertArrayEquals(want, c, where + ": certified exact but not for " + p.address());
                }
            }
            if (all.other() != null) {
                long[] o = counts(all.other());
                for (int s = 0; s < S; s++) {
                    sum[s] += o[s];
                }
            }
            long[] states = new long[S];
            rows.forEach(r -> states[r.state()]++);
            assertArrayEquals(states, sum, where + ": named + other must be every socket");

            for (Map.Entry<String, long[]> e : truth.entrySet()) {
                if (total(e.getValue()) * k > n) {
                    assertTrue(all.top().stream().anyMatch(p -> p.address().equals(e.getKey())),
                            where + ": heavy peer " + e.getKey() + " was dropped");
                }
            }
            int topN = 1 + random.nextInt(k);
            for (Map.Entry<String, long[]> e : truth.entrySet()) {
                if (total(e.getValue()) * topN * k > n * (k + topN)) { // share > 1/T + 1/k
                    assertTrue(table.result(topN).top().stream().anyMatch(p -> p.address().equals(e.getKey())),
                            where + ": peer above 1/" + topN + " + 1/" + k + " not in the top " + topN);
                }
            }
            if (truth.size() <= k) {
                assertTrue(all.top().stream().allMatch(PeerTally::exact), where);
                assertNull(all.other(), where);
            }
            assertTrue(table.entryCapacity() <= k, where);
        }
    }

    /**
     * In a random order a heavy peer loses sockets only if it is evicted, which takes about k rows
     * without it while its count is still the lowest: probability about e^-(share * k), here e^-24.
     */
    @Test
    void aHeavyPeerIsExactInEveryShuffle() {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Row(1_000 + i, ESTABLISHED));
        }
        for (int i = 0; i < 500; i++) {
            rows.add(new Row(7, i < 450 ? TIME_WAIT : ESTABLISHED));
        }
        for (int round = 0; round < 100; round++) {
            Collections.shuffle(rows, random);
            PeerTally top = run(1024, rows).result(5).top().get(0);
            assertEquals(address(7), top.address(), "round " + round);
            assertEquals(450, top.states().get(TcpState.TIME_WAIT), "round " + round);
            assertEquals(50, top.states().get(TcpState.ESTABLISHED), "round " + round);
            assertTrue(top.exact(), "round " + round);
        }
    }

    @Test
    void aPeerWhoseSocketsAllComeAfterManyOthersIsExact() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rows.add(new Row(1_000 + i, ESTABLISHED));
        }
        for (int i = 0; i < 300; i++) {
            rows.add(new Row(7, TIME_WAIT));
        }
        PeerTable table = run(64, rows);
        PeerTable.Result r = table.result(1);
        PeerTally heavy = r.top().get(0);
        assertEquals(address(7), heavy.address());
        assertEquals(300, heavy.states().get(TcpState.TIME_WAIT));
        assertTrue(heavy.exact(), "never evicted: the filter of evicted peers certifies it");
        assertTrue(r.other().peersEstimated());
        assertEquals(100_000, r.other().states().get(TcpState.ESTABLISHED));
        assertEquals(100_000, r.other().peers(), 3_000, "the estimate: 100,001 peers less the one named, ± 3 %");
        assertEquals(64, table.entryCapacity(), "memory: k entries, not one per peer");
        assertEquals(128, table.indexSlots());
    }

    @Test
    void aPeerEvictedAndBackSaysHowManySocketsItMayHaveMissed() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(7, TIME_WAIT));
        for (int i = 0; i < 1_000; i++) {
            rows.add(new Row(1_000 + i, ESTABLISHED));
        }
        for (int i = 0; i < 400; i++) {
            rows.add(new Row(7, TIME_WAIT));
        }
        PeerTable.Result r = run(16, rows).result(1);
        PeerTally heavy = r.top().get(0);
        assertEquals(address(7), heavy.address());
        assertEquals(400, heavy.states().get(TcpState.TIME_WAIT), "its sockets since it came back");
        assertFalse(heavy.exact());
        assertTrue(heavy.missedAtMost() >= 1 && heavy.missedAtMost() <= 1_401 / 16, "" + heavy.missedAtMost());
        assertEquals(1, r.other().states().get(TcpState.TIME_WAIT), "the missed socket is in other, not lost");
    }

    @Test
    void upToKPeersEverythingIsExactAndResetForgets() {
        PeerTable table = new PeerTable(8);
        for (int round = 0; round < 2; round++) {
            for (int peer = 1; peer <= 8; peer++) {
                for (int j = 0; j < peer; j++) {
                    table.add(0, lo(peer), 443, ESTABLISHED);
                }
            }
            PeerTable.Result r = table.result(3);
            assertEquals(List.of(address(8), address(7), address(6)), r.top().stream().map(PeerTally::address).toList());
            assertEquals(8, r.top().get(0).states().total());
            assertNotNull(r.other());
            assertEquals(5, r.other().peers());
            assertFalse(r.other().peersEstimated());
            assertEquals(15, r.other().states().total());
            table.reset(8);
        }
    }

    @Test
    void memoryStaysAtKEntriesAndShrinksBackAfterAHugeHost() {
        PeerTable table = new PeerTable(TallyOptions.DEFAULT_TRACKED_PEERS);
        for (int i = 0; i < 1_000_000; i++) {
            table.add(0, lo(i), 443, ESTABLISHED);
        }
        assertEquals(TallyOptions.DEFAULT_TRACKED_PEERS, table.entryCapacity());
        assertEquals(2 * TallyOptions.DEFAULT_TRACKED_PEERS, table.indexSlots());
        PeerTable.Result r = table.result(20);
        assertEquals(1_000_000, r.other().peers() + 20, 30_000);
        table.reset(TallyOptions.DEFAULT_TRACKED_PEERS);
        assertTrue(table.entryCapacity() <= 256, "a later small host does not keep 16384 entries");
    }
}
