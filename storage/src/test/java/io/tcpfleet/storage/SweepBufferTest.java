package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded buffer of unsaved sweeps: limits by count and by bytes, the oldest dropped first, an honest account. */
class SweepBufferTest {

    static PendingSweep sweep(int i, int hosts) {
        Instant at = Samples.T0.plusSeconds(60L * i);
        List<PollResult> results = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            results.add(Samples.ok("web" + h, at, i));
        }
        return PendingSweep.of(at, at.plusSeconds(5), results);
    }

    @Test
    void theOldestAreDroppedFirstWhenTheCountIsExceeded() {
        SweepBuffer b = new SweepBuffer(new SweepBuffer.Limits(3, Long.MAX_VALUE));
        List<PendingSweep> sweeps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sweeps.add(sweep(i, 2));
        }
        assertEquals(0, b.add(sweeps.get(0)));
        assertEquals(0, b.add(sweeps.get(1)));
        assertEquals(0, b.add(sweeps.get(2)));
        assertEquals(1, b.add(sweeps.get(3)), "one over: the oldest goes");
        assertEquals(1, b.add(sweeps.get(4)));
        assertEquals(3, b.size());
        assertSame(sweeps.get(2), b.next().orElseThrow(), "sweeps 0 and 1 were dropped; 2 is the oldest left");
        b.stored(sweeps.get(2));
        assertEquals(new SweepLedger(5, 1, 2, 0, 2), b.ledger());
        assertEquals("1 of 5 sweeps stored; NOT stored: 2 dropped when the buffer was full, 2 held in memory, never stored",
                b.ledger().text());
    }

    @Test
    void theByteLimitCountsTheEstimatedHeapOfTheResults() {
        PendingSweep big = sweep(0, 100);
        PendingSweep small = sweep(1, 1);
        assertTrue(big.bytes() > 50 * small.bytes(), big.bytes() + " vs " + small.bytes());
        // a realistic result (2 ports, 2 peers and the rest) holds ~2 KB of heap
        assertTrue(small.bytes() > 1_000 && small.bytes() < 4_000, "estimate " + small.bytes());

        PendingSweep small2 = sweep(3, 1);
        PendingSweep small3 = sweep(5, 1);
        assertEquals(small.bytes(), small3.bytes(), "same shape, same estimate");
        SweepBuffer b = new SweepBuffer(new SweepBuffer.Limits(100, big.bytes() + 2 * small.bytes()));
        b.add(big);
        b.add(small);
        b.add(small2);
        assertEquals(3, b.size());
        assertEquals(big.bytes() + 2 * small.bytes(), b.bytes());
        assertEquals(1, b.add(small3), "over the bytes: the big (oldest) one goes");
        assertEquals(3, b.size());
        assertEquals(3 * small.bytes(), b.bytes());
    }

    @Test
    void theSweepBeingStoredIsNeverDroppedUnderTheWriterNorIsTheNewest() {
        SweepBuffer b = new SweepBuffer(new SweepBuffer.Limits(1, Long.MAX_VALUE));
        PendingSweep s0 = sweep(0, 1);
        PendingSweep s1 = sweep(1, 1);
        PendingSweep s2 = sweep(2, 1);
        b.add(s0);
        assertSame(s0, b.next().orElseThrow());
        assertEquals(0, b.add(s1), "s0 is being written: it does not count, and is not dropped");
        assertEquals(1, b.add(s2), "s1 goes: the oldest that is not in flight");
        b.retryLater(s0); // the write failed: s0 counts again, and is the oldest
        assertEquals(1, b.size(), "s0 dropped now that it is no longer in flight");
        assertSame(s2, b.next().orElseThrow());
        b.stored(s2);
        assertEquals(new SweepLedger(3, 1, 2, 0, 0), b.ledger());
        assertEquals(0, b.bytes());
    }

    @Test
    void aRejectedSweepIsCountedAsNotStored() {
        SweepBuffer b = new SweepBuffer(new SweepBuffer.Limits(10, Long.MAX_VALUE));
        PendingSweep s = sweep(0, 1);
        b.add(s);
        b.rejected(b.next().orElseThrow());
        assertEquals(new SweepLedger(1, 0, 0, 1, 0), b.ledger());
        assertEquals("0 of 1 sweeps stored; NOT stored: 1 rejected by the store", b.ledger().text());
        assertEquals("all 0 sweeps stored", new SweepBuffer(b.limits()).ledger().text());
    }
}
