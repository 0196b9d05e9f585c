package io.tcpfleet.collector.tally;

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

    // Per remote endpoint: open addressing keyed by (128-bit address, port).
    private long[] peerHi;
    private long[] peerLo;
    private int[] peerPort; // -1 = empty slot
    private int[] peerCounts;
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
        if (peerPort.length > RETAINED_PEER_CAPACITY) {
            allocatePeers(INITIAL_PEER_CAPACITY);
        } else if (peerSize > 0) {
            Arrays.fill(peerPort, -1);
            Arrays.fill(peerCounts, 0);
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
        int mask = peerPort.length - 1;
        int i = hash(hi, lo, port) & mask;
        while (true) {
            int p = peerPort[i];
            if (p < 0) {
                break;
            }
            if (p == port && peerLo[i] == lo && peerHi[i] == hi) {
                peerCounts[i * S + stateIndex]++;
                return;
            }
            i = (i + 1) & mask;
        }
        if (peerSize >= options.maxPeers()) {
            overflowCounts[stateIndex]++;
            overflowSockets++;
            return;
        }
        peerHi[i] = hi;
        peerLo[i] = lo;
        peerPort[i] = port;
        peerCounts[i * S + stateIndex]++;
        if (++peerSize * 2 > peerPort.length) {
            rehash(peerPort.length * 2);
        }
    }

    private static int hash(long hi, long lo, int port) {
        long h = (lo ^ Long.rotateLeft(hi, 29) ^ ((long) port << 40)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void allocatePeers(int capacity) {
        peerHi = new long[capacity];
        peerLo = new long[capacity];
        peerPort = new int[capacity];
        Arrays.fill(peerPort, -1);
        peerCounts = new int[capacity * S];
    }

    private void rehash(int capacity) {
        long[] hi = peerHi;
        long[] lo = peerLo;
        int[] port = peerPort;
        int[] counts = peerCounts;
        allocatePeers(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < port.length; j++) {
            if (port[j] < 0) {
                continue;
            }
            int i = hash(hi[j], lo[j], port[j]) & mask;
            while (peerPort[i] >= 0) {
                i = (i + 1) & mask;
            }
            peerHi[i] = hi[j];
            peerLo[i] = lo[j];
            peerPort[i] = port[j];
            System.arraycopy(counts, j * S, peerCounts, i * S, S);
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
        long[] totals = new long[peerPort.length];
        int n = 0;
        for (int i = 0; i < peerPort.length; i++) {
            if (peerPort[i] >= 0) {
                slots[n++] = i;
                long t = 0;
                for (int s = 0; s < S; s++) {
                    t += peerCounts[i * S + s];
                }
                totals[i] = t;
            }
        }
        // Largest first; ties in address order so output is deterministic.
        return Arrays.stream(slots).boxed().sorted((a, b) -> {
            int c = Long.compare(totals[b], totals[a]);
            if (c == 0) c = Long.compareUnsigned(peerHi[a], peerHi[b]);
            if (c == 0) c = Long.compareUnsigned(peerLo[a], peerLo[b]);
            if (c == 0) c = Integer.compare(peerPort[a], peerPort[b]);
            return c;
        }).mapToInt(Integer::intValue).toArray();
    }

    private List<PeerTally> buildTopPeers(int[] sortedPeers) {
        int n = Math.min(options.topPeers(), sortedPeers.length);
        List<PeerTally> top = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = sortedPeers[k];
            top.add(new PeerTally(AddressFormat.format(peerHi[i], peerLo[i]), peerPort[i],
                    peerPort[i] == 0, 1, StateCounts.of(peerCounts, i * S)));
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
                c[s] += peerCounts[i * S + s];
            }
        }
        // Peers beyond maxPeers were not told apart: the count is then a lower bound.
        return new PeerTally(null, 0, false, sortedPeers.length - from, StateCounts.of(c));
    }
}
