package io.tcpfleet.collector.tally;

/** Text form of a 128-bit address: dotted quad for IPv4-mapped, RFC 5952 for IPv6. */
public final class AddressFormat {

    private static final long MAPPED_HI = 0L;
    private static final long MAPPED_LO_PREFIX = 0x0000FFFF00000000L;

    private AddressFormat() {
    }

    /** {@code ::ffff:a.b.c.d} as a (hi, lo) pair. */
    public static long mappedLo(int ipv4) {
        return MAPPED_LO_PREFIX | (ipv4 & 0xFFFFFFFFL);
    }

    public static String format(long hi, long lo) {
        if (hi == MAPPED_HI && (lo & 0xFFFFFFFF00000000L) == MAPPED_LO_PREFIX) {
            int v4 = (int) lo;
            return ((v4 >>> 24) & 0xFF) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF)
                    + "." + (v4 & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) (hi >>> (48 - 16 * k)) & 0xFFFF;
            g[k + 4] = (int) (lo >>> (48 - 16 * k)) & 0xFFFF;
        }
        // RFC 5952: the longest run (>= 2) of zero groups becomes "::", the first one on ties.
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int j = k;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - k > bestLen) {
                bestStart = k;
                bestLen = j - k;
            }
            k = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[k]));
        }
        return b.toString();
    }
}
