package io.tcpfleet.collector.tally;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sockets per remote peer in bounded memory, whatever the number of distinct peers and whatever
 * the order of the rows: Space-Saving (Metwally, Agrawal, El Abbadi, ICDT 2005) over at most
 * {@code k} tracked peers ({@link TallyOptions#trackedPeers()}).
 *
 * <p>Up to k distinct peers every count is exact. A socket of an untracked peer beyond that takes
 * the entry of the tracked peer with the fewest sockets, ranked as if it held those too (the rule
 * that makes the guarantees below hold in any order). With N the peer sockets (all but listeners):
 * <ul>
 *   <li><b>Heavy peers are never lost.</b> Every peer with more than N/k sockets is tracked at the
 *       end. It is among the top T unless T other peers were credited with at least as many.</li>
 *   <li><b>Counts never exceed the truth.</b> A tracked peer's per-state counts are its sockets
 *       since it was last admitted. Sockets it had before are counted in "other", so named peers
 *       plus "other" always add up to N, per state.</li>
 *   <li><b>Exact, certified.</b> {@code missedAtMost} is 0 when the counts are certainly all of the
 *       peer's sockets: it was admitted while no peer had been evicted, or {@link EvictedPeers}
 *       (no false negatives) says it was never evicted. Otherwise it bounds what was missed by the
 *       count the peer was admitted at, which is at most N/k. A peer whose sockets all come after
 *       any number of other peers' is therefore exact (bar a Bloom false positive, when the bound
 *       is reported instead).</li>
 *   <li>The number of distinct peers is exact up to k, then estimated by {@link DistinctEstimate}.</li>
 * </ul>
 * No bounded one-pass tally can make every heavy peer exact in every order: telling whether a peer
 * was among the n light ones seen before its burst takes about n bits (the INDEX problem). A peer
 * that was tracked, evicted and came back is the case left to the bound.
 *
 * <p>"Any order" is the order of the sockets given here. Which peer a connection belongs to
 * (inbound by address, outbound by address and port) is decided by {@link TallyBuilder} from the
 * listeners seen before it, which the kernel lists first in each file.
 *
 * <p>Memory: k entries of 17 ints, an index of 2k longs; once full, 8 more ints per entry, a 1 MiB
 * filter and 16 KiB of registers: 3.0 MB at k = 16384. Not thread-safe.
 */
final class PeerTable {

    private static final int S = TcpState.COUNT;
    /** Entry layout: remote port (0 = inbound), address as four ints (most significant first), counts. */
    private static final int KEY = 5;
    private static final int STRIDE = KEY + S;
    private static final int INITIAL = 1 << 8;
    /** After a huge host, give the memory back rather than keep it for every later small one. */
    private static final int RETAINED = 1 << 12;

    private int limit;
    private int[] rows;
    /**
     * Open addressing (linear probing), at most half full. A slot holds the low 32 bits of the
     * peer's hash above entry + 1 (0 = free): a probe past another peer, and a deletion's shift,
     * never read that peer's entry.
     */
    private long[] index;
    private int size;
    private final long[] totals = new long[S];

    // Created when the table first fills up.
    private CountOrder order;
    /** Per entry: the count it was admitted at by eviction (its bound), 0 if admitted into a free entry. */
    private int[] admittedAt;
    private EvictedPeers evicted;
    private DistinctEstimate distinct;

    PeerTable(int limit) {
        reset(limit);
    }

    /** Forgets every peer; {@code limit} is k. */
    void reset(int limit) {
        this.limit = limit;
        if (rows == null || rows.length > Math.min(limit, RETAINED) * STRIDE) {
            int entries = Math.min(limit, INITIAL);
            rows = new int[entries * STRIDE];
            index = new long[slotsFor(entries)];
        } else {
            Arrays.fill(index, 0);
        }
        size = 0;
        Arrays.fill(totals, 0);
        order = null;
        admittedAt = null;
        evicted = null;
        distinct = null;
    }

    /** One socket toward ({@code hi}:{@code lo}, {@code port}) in state {@code state}. */
    void add(long hi, long lo, int port, int state) {
        totals[state]++;
        long h = hash(hi, lo, port);
        if (distinct != null) {
            distinct.add(h);
        }
        int a0 = (int) (hi >>> 32);
        int a1 = (int) hi;
        int a2 = (int) (lo >>> 32);
        int a3 = (int) lo;
        int[] r = rows;
        long[] idx = index;
        int mask = idx.length - 1;
        int tag = (int) h;
        for (int i = tag & mask; ; i = (i + 1) & mask) {
            long v = idx[i];
            if (v == 0) {
                break;
            }
            if ((int) (v >>> 32) != tag) {
                continue;
            }
            int id = (int) v - 1;
            int e = id * STRIDE;
            if (r[e] == port && r[e + 4] == a3 && r[e + 3] == a2 && r[e + 2] == a1 && r[e + 1] == a0) {
                r[e + KEY + state]++;
                if (order != null) {
                    order.increment(id);
                }
                return;
            }
        }
        if (size < limit) {
            admit(size++, h, port, a0, a1, a2, a3, state);
        } else {
            replaceMin(h, port, a0, a1, a2, a3, state);
        }
    }

    private void admit(int id, long h, int port, int a0, int a1, int a2, int a3, int state) {
        if ((id + 1) * STRIDE > rows.length) {
            grow();
        }
        write(id, port, a0, a1, a2, a3, state);
        insert(id, h);
    }

    /** Space-Saving's step: the newcomer takes the entry with the fewest sockets, and its count + 1. */
    private void replaceMin(long h, int port, int a0, int a1, int a2, int a3, int state) {
        if (order == null) {
            startEvicting();
            distinct.add(h);
        }
        int id = order.min();
        long old = hashOf(id);
        evicted.add(old);
        remove(id, old);
        write(id, port, a0, a1, a2, a3, state);
        admittedAt[id] = order.count(id);
        order.increment(id);
        insert(id, h);
    }

    private void startEvicting() {
        int[] counts = new int[size];
        for (int id = 0; id < size; id++) {
            counts[id] = (int) total(id);
        }
        order = new CountOrder(counts);
        admittedAt = new int[size];
        evicted = new EvictedPeers();
        distinct = new DistinctEstimate();
        for (int id = 0; id < size; id++) {
            distinct.add(hashOf(id));
        }
    }

    private void write(int id, int port, int a0, int a1, int a2, int a3, int state) {
        int e = id * STRIDE;
        int[] r = rows;
        r[e] = port;
        r[e + 1] = a0;
        r[e + 2] = a1;
        r[e + 3] = a2;
        r[e + 4] = a3;
        Arrays.fill(r, e + KEY, e + STRIDE, 0);
        r[e + KEY + state] = 1;
    }

    private void grow() {
        int entries = Math.min(limit, rows.length / STRIDE * 2);
        rows = Arrays.copyOf(rows, entries * STRIDE);
        index = new long[slotsFor(entries)];
        for (int id = 0; id < size - 1; id++) { // the entry being admitted is inserted by the caller
            insert(id, hashOf(id));
        }
    }

    /** A power of two at least twice {@code entries}. */
    private static int slotsFor(int entries) {
        return Integer.highestOneBit(entries * 2 - 1) << 1;
    }

    private void insert(int id, long h) {
        int mask = index.length - 1;
        int i = (int) h & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = h << 32 | (id + 1);
    }

    /** Deletes {@code id} from the index, shifting later entries of its cluster back (no tombstones). */
    private void remove(int id, long h) {
        long[] idx = index;
        int mask = idx.length - 1;
        int hole = (int) h & mask;
        while ((int) idx[hole] != id + 1) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; idx[i] != 0; i = (i + 1) & mask) {
            int home = (int) (idx[i] >>> 32) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) { // the hole lies on its probe path
                idx[hole] = idx[i];
                hole = i;
            }
        }
        idx[hole] = 0;
    }

    private long hashOf(int id) {
        int e = id * STRIDE;
        int[] r = rows;
        return hash((long) r[e + 1] << 32 | (r[e + 2] & 0xFFFFFFFFL), (long) r[e + 3] << 32 | (r[e + 4] & 0xFFFFFFFFL),
                r[e]);
    }

    /** 64 well-mixed bits (MurmurHash3's finalizer); injective before mixing for IPv4-mapped keys. */
    static long hash(long hi, long lo, int port) {
        long h = lo ^ Long.rotateLeft(hi * 0x9E3779B97F4A7C15L, 32) ^ ((long) port << 48);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private long total(int id) {
        long t = 0;
        for (int e = id * STRIDE + KEY, end = e + S; e < end; e++) {
            t += rows[e];
        }
        return t;
    }

    /** Entries allocated: never more than k, whatever was added (memory is k * 17 ints plus the rest). */
    int entryCapacity() {
        return rows.length / STRIDE;
    }

    /** Slots of the index: the next power of two from 2 * entryCapacity(). */
    int indexSlots() {
        return index.length;
    }

    // ---- results ------------------------------------------------------------------------------

    /** The named peers and the "other" bucket ({@code null} when empty). */
    record Result(List<PeerTally> top, PeerTally other) {
    }

    /** The {@code n} peers with the most sockets, largest first, ties in address order; the rest summed. */
    Result result(int n) {
        List<PeerTally> top = new ArrayList<>();
        long[] rest = totals.clone();
        for (int id : largest(n)) {
            int e = id * STRIDE;
            for (int s = 0; s < S; s++) {
                rest[s] -= rows[e + KEY + s];
            }
            top.add(new PeerTally(AddressFormat.format(hi(id), lo(id)), port(id), port(id) == 0, 1,
                    StateCounts.of(rows, e + KEY), missedAtMost(id), false));
        }
        boolean estimated = distinct != null;
        long peers = estimated ? Math.max(size, distinct.estimate()) : size;
        long otherPeers = peers - top.size();
        long otherSockets = Arrays.stream(rest).sum();
        if (otherSockets == 0 && otherPeers <= 0) {
            return new Result(top, null);
        }
        // An estimate can fall short of the peers evicted; "other" holds sockets, so at least one.
        return new Result(top, new PeerTally(null, 0, false, Math.max(1, otherPeers), StateCounts.of(rest), 0,
                estimated));
    }

    /**
     * 0 if the peer's counts are certainly all its sockets, else the count it was admitted at.
     * Asked at the end, the filter knows at least every peer evicted before this one's admission:
     * if it was never evicted it was admitted at its first socket and counted every one since.
     */
    private long missedAtMost(int id) {
        if (admittedAt == null || admittedAt[id] == 0 || !evicted.mightContain(hashOf(id))) {
            return 0;
        }
        return admittedAt[id];
    }

    private List<Integer> largest(int n) {
        if (n == 0 || size == 0) {
            return List.of();
        }
        long[] byTotal = new long[size];
        for (int id = 0; id < size; id++) {
            byTotal[id] = total(id) << 24 | id; // ids < 2^24 (TallyOptions caps k)
        }
        Arrays.sort(byTotal);
        long cut = byTotal[Math.max(0, size - n)] >>> 24;
        List<Integer> candidates = new ArrayList<>();
        for (int j = size - 1; j >= 0 && byTotal[j] >>> 24 >= cut; j--) {
            candidates.add((int) (byTotal[j] & 0xFFFFFF));
        }
        Comparator<Integer> order = Comparator.comparingLong((Integer id) -> -total(id))
                .thenComparing((a, b) -> Long.compareUnsigned(hi(a), hi(b)))
                .thenComparing((a, b) -> Long.compareUnsigned(lo(a), lo(b)))
                .thenComparingInt(this::port);
        candidates.sort(order);
        return candidates.subList(0, Math.min(n, candidates.size()));
    }

    private long hi(int id) {
        int e = id * STRIDE;
        return (long) rows[e + 1] << 32 | (rows[e + 2] & 0xFFFFFFFFL);
    }

    private long lo(int id) {
        int e = id * STRIDE;
        return (long) rows[e + 3] << 32 | (rows[e + 4] & 0xFFFFFFFFL);
    }

    private int port(int id) {
        return rows[id * STRIDE];
    }
}
