package io.tcpfleet.collector.tally;

/**
 * How many distinct peers were seen, estimated in 16 KiB whatever their number: HyperLogLog
 * (Flajolet et al. 2007) with 2^14 registers, read with Ertl's improved estimator ("New
 * cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs no bias tables
 * and has no bias bump between the small and the large range: standard error 1.04 / 2^7 = 0.8 %.
 * The estimate depends on the set of peers only, never on their order.
 */
final class DistinctEstimate {

    private static final int P = 14;
    private static final int M = 1 << P;
    /** Register values run 0..Q+1. */
    private static final int Q = 64 - P;

    private final byte[] registers = new byte[M];

    /** @param hash a well-mixed 64-bit hash of the peer */
    void add(long hash) {
        int i = (int) (hash >>> Q);
        // 1 + leading zeros of the other 50 bits, Q + 1 if they are all zero (the sentinel bit).
        byte rank = (byte) (Long.numberOfLeadingZeros(hash << P | 1L << (P - 1)) + 1);
        if (rank > registers[i]) {
            registers[i] = rank;
        }
    }

    long estimate() {
        int[] c = new int[Q + 2];
        for (byte r : registers) {
            c[r]++;
        }
        if (c[0] == M) {
            return 0;
        }
        double z = M * tau(1 - (double) c[Q + 1] / M);
        for (int k = Q; k >= 1; k--) {
            z = 0.5 * (z + c[k]);
        }
        z += M * sigma((double) c[0] / M);
        return Math.round(M / (2 * Math.log(2)) * M / z);
    }

    private static double sigma(double x) {
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double tau(double x) {
        if (x == 0 || x == 1) {
            return 0;
        }
        double y = 1;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != previous);
        return z / 3;
    }
}
