package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The default of --max-kept follows what a kept connection costs now: about 30 KB of heap and a socket. */
class KeptBudgetTest {

    static final long GIB = 1L << 30;

    @Test
    void aOneGigabyteHeapKeepsTenThousandHosts() {
        KeptBudget b = new KeptBudget(GIB, 1 << 20, 32);
        assertEquals(10_922, b.connections()); // half the heap at 48 KB; was 1,310 at 0.4 MB
        assertTrue(b.toKeepMore().contains("-Xmx"), b.toKeepMore());
    }

    @Test
    void theHeapBoundScalesWithTheHeap() {
        assertEquals(2_730, new KeptBudget(256L << 20, 1 << 20, 32).connections());
        assertEquals(8_192, new KeptBudget(768L << 20, 1 << 20, 32).connections());
    }

    @Test
    void eachKeptConnectionHoldsASocketSoTheOpenFilesLimitBoundsThem() {
        KeptBudget b = new KeptBudget(GIB, 4096, 32);
        assertEquals(4096 - 256 - 64, b.connections()); // files for everything else and for polls in flight
        assertTrue(b.toKeepMore().contains("open-files limit"), b.toKeepMore());
        assertEquals(0, new KeptBudget(GIB, 100, 32).connections());
        assertEquals(10_922, new KeptBudget(GIB, -1, 32).connections(), "unknown limit: the heap decides");
    }

    @Test
    void thisJvmHasABudget() {
        KeptBudget b = KeptBudget.ofThisJvm(32);
        assertEquals(Runtime.getRuntime().maxMemory(), b.maxHeapBytes());
        assertTrue(b.connections() >= 0);
    }
}
