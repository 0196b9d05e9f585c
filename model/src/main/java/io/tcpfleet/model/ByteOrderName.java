package io.tcpfleet.model;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The one spelling of a host's address byte order: {@code little} (x86, arm64) or {@code big}
 * (s390x), as options, inventory variables ({@code tcpfleet_byte_order}), storage and JSON
 * write it. Parsing also takes {@code le}/{@code be} and the {@code -endian} forms.
 */
public final class ByteOrderName {

    private ByteOrderName() {
    }

    public static String of(ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? "big" : "little";
    }

    public static ByteOrder parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "little", "le", "little-endian" -> ByteOrder.LITTLE_ENDIAN;
            case "big", "be", "big-endian" -> ByteOrder.BIG_ENDIAN;
            default -> throw new IllegalArgumentException("byte order '" + name + "': use little or big");
        };
    }
}
