package io.tcpfleet.cli;

import java.util.Locale;

/** Byte sizes as operators write them: {@code 65536}, {@code 512K}, {@code 256M}, {@code 1G} (powers of 1024). */
final class SizeParser {

    private SizeParser() {
    }

    static long parse(String value, String option) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> shift = -1;
            }
            if (shift >= 0) {
                v = v.substring(0, v.length() - 1);
            } else {
                shift = 0;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= (Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + ": '" + value + "' is not a size like 65536, 512K, 256M or 1G");
    }
}
