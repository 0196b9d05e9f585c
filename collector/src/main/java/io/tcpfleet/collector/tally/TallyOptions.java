package io.tcpfleet.collector.tally;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * What to count while parsing.
 *
 * @param detail       {@code false} counts states only (the cheapest pass); {@code true} adds the
 *                     per-port and per-peer breakdowns
 * @param topPeers     how many peers to name; the rest are summed into "other" (at most
 *                     {@code trackedPeers} can be named)
 * @param trackedPeers k, the peers counted one by one: bounds memory per host whatever the number
 *                     of distinct peers; every peer with more than 1/k of the sockets is kept (see
 *                     {@link PeerTable})
 * @param byteOrder    order of the bytes inside each printed 32-bit address word (the host's CPU order)
 */
public record TallyOptions(boolean detail, int topPeers, int trackedPeers, ByteOrder byteOrder) {

    public static final int DEFAULT_TOP_PEERS = 20;
    /** Exact for hosts with up to 16384 peers; at most 3.0 MB per host beyond (PeerTable). */
    public static final int DEFAULT_TRACKED_PEERS = 1 << 14;
    /** Entry numbers must fit 24 bits (see PeerTable). */
    public static final int MAX_TRACKED_PEERS = 1 << 24;

    public TallyOptions {
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (topPeers < 0) {
            throw new IllegalArgumentException("topPeers < 0: " + topPeers);
        }
        if (trackedPeers < 1 || trackedPeers > MAX_TRACKED_PEERS) {
            throw new IllegalArgumentException("trackedPeers not in 1.." + MAX_TRACKED_PEERS + ": " + trackedPeers);
        }
    }

    /** States, ports and the top 20 peers of a little-endian host. */
    public static TallyOptions full() {
        return new TallyOptions(true, DEFAULT_TOP_PEERS, DEFAULT_TRACKED_PEERS, ByteOrder.LITTLE_ENDIAN);
    }

    /** States only. */
    public static TallyOptions statesOnly() {
        return new TallyOptions(false, 0, DEFAULT_TRACKED_PEERS, ByteOrder.LITTLE_ENDIAN);
    }

    public TallyOptions withTopPeers(int n) {
        return new TallyOptions(detail, n, trackedPeers, byteOrder);
    }

    public TallyOptions withByteOrder(ByteOrder order) {
        return new TallyOptions(detail, topPeers, trackedPeers, order);
    }
}
