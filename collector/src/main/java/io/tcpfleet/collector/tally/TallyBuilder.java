package io.tcpfleet.collector.tally;

import io.tcpfleet.model.ParseStats;
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
 * <p>Reusable through {@link #reset}; not thread-safe. Memory grows with the distinct local ports
 * (at most 65536) and remote peers seen, the latter bounded by {@link PeerTable}.
 */
public final class TallyBuilder {

    private static final int S = TcpState.COUNT;
    private static final int LISTEN = TcpState.LISTEN.ordinal();

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

    private final PeerTable peers;

    public TallyBuilder(TallyOptions options) {
        peers = new PeerTable(options.trackedPeers());
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
        peers.reset(opts.trackedPeers());
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
        peers.add(remHi, remLo, inbound ? 0 : remPort, stateIndex);
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

    /** The immutable result. */
    public SocketTally build(ParseStats parse) {
        StateCounts stateCounts = StateCounts.of(states);
        if (!options.detail()) {
            return new SocketTally(stateCounts, ipv4, ipv6, List.of(), List.of(), null, parse);
        }
        PeerTable.Result p = peers.result(options.topPeers());
        return new SocketTally(stateCounts, ipv4, ipv6, buildPorts(), p.top(), p.other(), parse);
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
}
