package io.tcpfleet.collector.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountOrderTest {

    @Test
    void countsAndMinimumMatchAPlainArrayUnderRandomIncrements() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(40);
            int[] model = new int[n];
            for (int e = 0; e < n; e++) {
                model[e] = random.nextInt(4); // ties from the start
            }
            CountOrder order = new CountOrder(model.clone());
            for (int step = 0; step < 2_000; step++) {
                // Space-Saving's two moves: bump any entry, or bump the minimum.
                int e = random.nextInt(3) == 0 ? order.min() : random.nextInt(n);
                assertEquals(Arrays.stream(model).min().orElseThrow(), model[order.min()], "round " + round);
                order.increment(e);
                model[e]++;
                for (int k = 0; k < n; k++) {
                    assertEquals(model[k], order.count(k), "round " + round + " step " + step);
                }
            }
        }
    }
}
