package io.tcpfleet.collector.tally;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * What to count while parsing.
 *
 * @param detail    {@code false} counts states only (the cheapest pass); {@code true} adds the
 *                  per-port and per-peer breakdowns
 * @param topPeers  how many peers to keep by name; the rest are summed into "other"
 * @param maxPeers  distinct peers tracked exactly before new ones go straight to "other": bounds
 *                  memory on hosts with millions of distinct endpoints
 * @param byteOrder order of the bytes inside each printed 32-bit address word (the host's CPU order)
 */
public record TallyOptions(boolean detail, int topPeers, int maxPeers, ByteOrder byteOrder) {

    public static final int DEFAULT_TOP_PEERS = 20;
    public static final int DEFAULT_MAX_PEERS = 200_000;

    public TallyOptions {
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (topPeers < 0) {
            throw new IllegalArgumentException("topPeers < 0: " + topPeers);
        }
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers < 1: " + maxPeers);
        }
    }

    /** States, ports and the top 20 peers of a little-endian host. */
    public static TallyOptions full() {
        return new TallyOptions(true, DEFAULT_TOP_PEERS, DEFAULT_MAX_PEERS, ByteOrder.LITTLE_ENDIAN);
    }

    /** States only. */
    public static TallyOptions statesOnly() {
        return new TallyOptions(false, 0, DEFAULT_MAX_PEERS, ByteOrder.LITTLE_ENDIAN);
    }

    public TallyOptions withTopPeers(int n) {
        return new TallyOptions(detail, n, maxPeers, byteOrder);
    }

    public TallyOptions withByteOrder(ByteOrder order) {
        return new TallyOptions(detail, topPeers, maxPeers, order);
    }
}
