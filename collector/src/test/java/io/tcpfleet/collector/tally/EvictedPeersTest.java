package io.tcpfleet.collector.tally;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvictedPeersTest {

    @Test
    void neverForgetsAPeerAndRarelyClaimsOneItNeverSaw() {
        EvictedPeers filter = new EvictedPeers();
        SplittableRandom random = new SplittableRandom(3);
        long[] added = new long[200_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = PeerTable.hash(0, 0x0000FFFF0B000000L + i, 0);
            filter.add(added[i]);
        }
        for (long h : added) {
            assertTrue(filter.mightContain(h), "no false negatives: the certificate relies on it");
        }
        int falsePositives = 0;
        int trials = 1_000_000;
        for (int i = 0; i < trials; i++) {
            if (filter.mightContain(PeerTable.hash(random.nextLong(), random.nextLong(), 443))) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < trials / 10_000, falsePositives + " false positives in " + trials);
    }
}
