package io.tcpfleet.storage;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sweep taken and not stored yet, as {@link SampleStore#writeSweep} takes it, with the heap it
 * holds (an estimate: what {@link SweepBuffer} bounds).
 *
 * @param bytes      the estimated heap of the results (the hosts themselves are shared with the inventory)
 * @param staleAfter when these samples stop being current (the daemon's interval times its
 *                   {@code --stale-after}), stored with each host for readers; null for a one-off poll
 */
public record PendingSweep(Instant startedAt, Instant finishedAt, List<PollResult> results, long bytes,
                           Duration staleAfter) {

    /** A result's own objects: the record, its instants, duration and strings' headers. */
    static final long PER_RESULT = 200;
    /** A tally: the record, its state counts (an array of 12 longs), parse stats, lists. */
    static final long PER_TALLY = 400;
    /** A port or peer entry: the record with its own state counts, a peer's address string. */
    static final long PER_ENTRY = 250;

    public PendingSweep {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        results = List.copyOf(results);
    }

    public static PendingSweep of(Instant startedAt, Instant finishedAt, List<PollResult> results) {
        return of(startedAt, finishedAt, results, null);
    }

    public static PendingSweep of(Instant startedAt, Instant finishedAt, List<PollResult> results, Duration staleAfter) {
        return new PendingSweep(startedAt, finishedAt, results, estimate(results), staleAfter);
    }

    /**
     * Heap held by these results, on the safe side: for hosts with 30 listening ports and 20 peers
     * it says 13.6 KB a host where 10.6 KB are held (benchmarks' HeldSweepProbe).
     */
    static long estimate(List<PollResult> results) {
        long bytes = 64 + 4L * results.size();
        for (PollResult r : results) {
            bytes += PER_RESULT + 2L * (length(r.error()) + length(r.note()));
            SocketTally t = r.tally();
            if (t != null) {
                bytes += PER_TALLY + PER_ENTRY * (t.ports().size() + t.peers().size() + (t.otherPeers() == null ? 0 : 1));
                for (PeerTally p : t.peers()) {
                    bytes += length(p.address());
                }
            }
        }
        return bytes;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    public int hosts() {
        return results.size();
    }
}
