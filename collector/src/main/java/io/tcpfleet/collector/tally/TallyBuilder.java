package io.tcpfleet.collector.tally;

import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mutable accumulator behind a {@link SocketTally}: fed one socket row at a time by the
 * parser, with primitive arrays only, so that a million rows allocate nothing.
 *
 * <p>Reusable through {@link #reset}; not thread-safe. Memory is proportional to the distinct
 * local ports and remote endpoints seen, bounded by {@link TallyOptions#maxPeers()}.
 */
public final class TallyBuilder {

    private static final int S = TcpState.COUNT;
    private static final int LISTEN = TcpState.LISTEN.ordinal();
    private static final int INITIAL_PEER_CAPACITY = 1 << 10;
    /** After a huge host, give the memory back rather than keep it for every later small one. */
    private static final int RETAINED_PEER_CAPACITY = 1 << 16;

    private TallyOptions options;

    private final long[] states = new long[S];
    private long ipv4;
    private long ipv6;

    // Per local port: a direct index (ports are 16-bit) into compact per-slot arrays.
    private final int[] portSlot = new int[65536]; // slot + 1; 0 = not seen
    private final boolean[] listening = new boolean[65536];
    private int[] slotPort = new int[64];
    private int[] slotCounts = new int[64 * S];
    private int[] slotListeners = new int[64];
    private long[] slotAcceptQueue = new long[64];
    private int portsUsed;

    // Per remote endpoint: open addressing keyed by (128-bit address, port), one int[] with a
    // stride of PEER_STRIDE so that a lookup touches one or two cache lines, not five arrays:
    // [port (-1 = empty), address as four ints, most significant first, counts per state...]
    private static final int PEER_COUNTS = 5;
    private static final int PEER_STRIDE = PEER_COUNTS + S;
    private int[] peers;
    private int peerCapacity;
    private int peerSize;
    private final long[] overflowCounts = new long[S];
    private long overflowSockets;

    public TallyBuilder(TallyOptions options) {
        allocatePeers(INITIAL_PEER_CAPACITY);
        reset(options);
    }

    /** Forgets everything counted, ready for the next host. */
    public void reset(TallyOptions opts) {
        this.options = opts;
        Arrays.fill(states, 0);
        ipv4 = 0;
        ipv6 = 0;
        for (int i = 0; i < portsUsed; i++) {
            portSlot[slotPort[i]] = 0;
            listening[slotPort[i]] = false;
        }
        Arrays.fill(slotCounts, 0, portsUsed * S, 0);
        Arrays.fill(slotListeners, 0, portsUsed, 0);
        Arrays.fill(slotAcceptQueue, 0, portsUsed, 0);
        portsUsed = 0;
        if (peerCapacity > RETAINED_PEER_CAPACITY) {
            allocatePeers(INITIAL_PEER_CAPACITY);
        } else if (peerSize > 0) {
            clearPeers();
        }
        peerSize = 0;
        Arrays.fill(overflowCounts, 0);
        overflowSockets = 0;
    }

    public boolean detail() {
        return options.detail();
    }

    /** Counts a socket's state only (the states-only tally). */
    public void count(int stateIndex, boolean v6) {
        states[stateIndex]++;
        if (v6) {
            ipv6++;
        } else {
            ipv4++;
        }
    }

    /**
     * Counts a socket with its breakdowns.
     *
     * @param remHi      high 64 bits of the remote address in network order (IPv4 as ::ffff:a.b.c.d)
     * @param remLo      low 64 bits
     * @param rxQueue    the row's rx_queue: for a listener, its accept-queue length
     */
    public void add(int stateIndex, boolean v6, int localPort, long remHi, long remLo, int remPort,
                    long rxQueue) {
        count(stateIndex, v6);
        int slot = portSlot[localPort] - 1;
        if (slot < 0) {
            slot = newPortSlot(localPort);
        }
        slotCounts[slot * S + stateIndex]++;
        if (stateIndex == LISTEN) {
            slotListeners[slot]++;
            slotAcceptQueue[slot] += rxQueue;
            listening[localPort] = true;
            return; // a listener has no peer
        }
        // The kernel lists listeners before connections, so "inbound" is known here for real dumps.
        boolean inbound = listening[localPort];
        addPeer(remHi, remLo, inbound ? 0 : remPort, stateIndex);
    }

    private int newPortSlot(int port) {
        int slot = portsUsed++;
        if (slot == slotPort.length) {
            int n = slot * 2;
            slotPort = Arrays.copyOf(slotPort, n);
            slotCounts = Arrays.copyOf(slotCounts, n * S);
            slotListeners = Arrays.copyOf(slotListeners, n);
            slotAcceptQueue = Arrays.copyOf(slotAcceptQueue, n);
        }
        slotPort[slot] = port;
        portSlot[port] = slot + 1;
        return slot;
    }

    private void addPeer(long hi, long lo, int port, int stateIndex) {
        int[] t = peers;
        int mask = peerCapacity - 1;
        int a0 = (int) (hi >>> 32);
        int a1 = (int) hi;
        int a2 = (int) (lo >>> 32);
        int a3 = (int) lo;
        int i = hash(hi, lo, port) & mask;
        while (true) {
            int e = i * PEER_STRIDE;
            int p = t[e];
            if (p < 0) {
                break;
            }
            if (p == port && t[e + 4] == a3 && t[e + 3] == a2 && t[e + 2] == a1 && t[e + 1] == a0) {
                t[e + PEER_COUNTS + stateIndex]++;
                return;
            }
            i = (i + 1) & mask;
        }
        if (peerSize >= options.maxPeers()) {
            overflowCounts[stateIndex]++;
            overflowSockets++;
            return;
        }
        int e = i * PEER_STRIDE;
        t[e] = port;
        t[e + 1] = a0;
        t[e + 2] = a1;
        t[e + 3] = a2;
        t[e + 4] = a3;
        t[e + PEER_COUNTS + stateIndex]++;
        if (++peerSize * 2 > peerCapacity) {
            rehash(peerCapacity * 2);
        }
    }

    private static int hash(long hi, long lo, int port) {
        long h = (lo ^ Long.rotateLeft(hi, 29) ^ ((long) port << 40)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private long hi(int slot) {
        int e = slot * PEER_STRIDE;
        return (long) peers[e + 1] << 32 | (peers[e + 2] & 0xFFFFFFFFL);
    }

    private long lo(int slot) {
        int e = slot * PEER_STRIDE;
        return (long) peers[e + 3] << 32 | (peers[e + 4] & 0xFFFFFFFFL);
    }

    private int port(int slot) {
        return peers[slot * PEER_STRIDE];
    }

    private void allocatePeers(int capacity) {
        peerCapacity = capacity;
        peers = new int[capacity * PEER_STRIDE];
        clearPeers();
    }

    private void clearPeers() {
        Arrays.fill(peers, 0);
        for (int e = 0; e < peers.length; e += PEER_STRIDE) {
            peers[e] = -1;
        }
    }

    private void rehash(int capacity) {
        int[] old = peers;
        int oldCapacity = peerCapacity;
        allocatePeers(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldCapacity; j++) {
            int from = j * PEER_STRIDE;
            if (old[from] < 0) {
                continue;
            }
            long hi = (long) old[from + 1] << 32 | (old[from + 2] & 0xFFFFFFFFL);
            long lo = (long) old[from + 3] << 32 | (old[from + 4] & 0xFFFFFFFFL);
            int i = hash(hi, lo, old[from]) & mask;
            while (peers[i * PEER_STRIDE] >= 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(old, from, peers, i * PEER_STRIDE, PEER_STRIDE);
        }
    }

    /** The immutable result. */
    public SocketTally build(ParseStats parse) {
        StateCounts stateCounts = StateCounts.of(states);
        if (!options.detail()) {
            return new SocketTally(stateCounts, ipv4, ipv6, List.of(), List.of(), null, parse);
        }
        int[] sorted = peerSlotsByTotalDesc();
        return new SocketTally(stateCounts, ipv4, ipv6, buildPorts(), buildTopPeers(sorted),
                buildOtherPeers(sorted), parse);
    }

    private List<PortTally> buildPorts() {
        List<PortTally> ports = new ArrayList<>();
        for (int slot = 0; slot < portsUsed; slot++) {
            if (slotListeners[slot] > 0) {
                ports.add(new PortTally(slotPort[slot], slotListeners[slot], slotAcceptQueue[slot],
                        StateCounts.of(slotCounts, slot * S)));
            }
        }
        ports.sort((a, b) -> Integer.compare(a.port(), b.port()));
        return ports;
    }

    private int[] peerSlotsByTotalDesc() {
        int[] slots = new int[peerSize];
        long[] totals = new long[peerCapacity];
        int n = 0;
        for (int i = 0; i < peerCapacity; i++) {
            if (port(i) >= 0) {
                slots[n++] = i;
                long t = 0;
                for (int s = 0; s < S; s++) {
                    t += peers[i * PEER_STRIDE + PEER_COUNTS + s];
                }
                totals[i] = t;
            }
        }
        // Largest first; ties in address order so output is deterministic.
        return Arrays.stream(slots).boxed().sorted((a, b) -> {
            int c = Long.compare(totals[b], totals[a]);
            if (c == 0) c = Long.compareUnsigned(hi(a), hi(b));
            if (c == 0) c = Long.compareUnsigned(lo(a), lo(b));
            if (c == 0) c = Integer.compare(port(a), port(b));
            return c;
        }).mapToInt(Integer::intValue).toArray();
    }

    private List<PeerTally> buildTopPeers(int[] sortedPeers) {
        int n = Math.min(options.topPeers(), sortedPeers.length);
        List<PeerTally> top = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = sortedPeers[k];
            top.add(new PeerTally(AddressFormat.format(hi(i), lo(i)), port(i), port(i) == 0, 1,
                    StateCounts.of(peers, i * PEER_STRIDE + PEER_COUNTS)));
        }
        return top;
    }

    private PeerTally buildOtherPeers(int[] sortedPeers) {
        int from = Math.min(options.topPeers(), sortedPeers.length);
        if (from == sortedPeers.length && overflowSockets == 0) {
            return null;
        }
        long[] c = overflowCounts.clone();
        for (int k = from; k < sortedPeers.length; k++) {
            int i = sortedPeers[k];
            for (int s = 0; s < S; s++) {
                c[s] += peers[i * PEER_STRIDE + PEER_COUNTS + s];
            }
        }
        // Peers beyond maxPeers were not told apart: the count is then a lower bound.
        return new PeerTally(null, 0, false, sortedPeers.length - from, StateCounts.of(c));
    }
}
