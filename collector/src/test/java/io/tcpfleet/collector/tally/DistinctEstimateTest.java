package io.tcpfleet.collector.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DistinctEstimateTest {

    @Test
    void estimatesWithinTwoPercentAndIgnoresRepeats() {
        for (int n : new int[] {100, 5_000, 16_384, 30_000, 40_000, 50_000, 60_000, 70_000, 100_000, 300_000, 1_000_000, 3_000_000}) {
            DistinctEstimate d = new DistinctEstimate();
            for (int i = 0; i < n; i++) {
                long h = PeerTable.hash(0, 0x0000FFFF00000000L | i, 5432);
                d.add(h);
                d.add(h); // the same peer again changes nothing
            }
            double error = (d.estimate() - n) / (double) n;
            assertTrue(Math.abs(error) < 0.02, n + " distinct estimated as " + d.estimate());
        }
    }

    @Test
    void orderDoesNotMatter() {
        DistinctEstimate up = new DistinctEstimate();
        DistinctEstimate down = new DistinctEstimate();
        for (int i = 0; i < 50_000; i++) {
            up.add(PeerTable.hash(0, i, 0));
            down.add(PeerTable.hash(0, 49_999 - i, 0));
        }
        assertEquals(up.estimate(), down.estimate());
    }
}
