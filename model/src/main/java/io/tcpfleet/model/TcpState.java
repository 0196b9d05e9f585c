package io.tcpfleet.model;

/**
 * The kernel's TCP states as printed in the {@code st} column of /proc/net/tcp, plus
 * {@link #UNKNOWN} for any code this version does not know.
 *
 * <p>The upper-case names are the public contract of JSON output, storage columns and Zabbix keys:
 * never rename them. {@code NEW_SYN_RECV} (0x0C) is printed by the kernel as 03 and so counts as
 * {@link #SYN_RECV}.
 */
public enum TcpState {
    ESTABLISHED(0x01),
    SYN_SENT(0x02),
    SYN_RECV(0x03),
    FIN_WAIT1(0x04),
    FIN_WAIT2(0x05),
    TIME_WAIT(0x06),
    CLOSE(0x07),
    CLOSE_WAIT(0x08),
    LAST_ACK(0x09),
    LISTEN(0x0A),
    CLOSING(0x0B),
    UNKNOWN(-1);

    /** Number of states including UNKNOWN: the length of every per-state counter array. */
    public static final int COUNT = values().length;

    private static final TcpState[] VALUES = values();
    private static final TcpState[] BY_CODE = new TcpState[256];

    static {
        java.util.Arrays.fill(BY_CODE, UNKNOWN);
        for (TcpState s : VALUES) {
            if (s.code > 0) {
                BY_CODE[s.code] = s;
            }
        }
        BY_CODE[0x0C] = SYN_RECV; // NEW_SYN_RECV, should the kernel ever print it as is
    }

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    /** The kernel code, or -1 for UNKNOWN. */
    public int code() {
        return code;
    }

    /** The state for a kernel code; UNKNOWN for codes outside the table. */
    public static TcpState ofCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : UNKNOWN;
    }

    /** Counter index of a kernel code, for hot loops that avoid the enum. */
    static int indexOfCode(int code) {
        return BY_CODE[code & 0xFF].ordinal();
    }

    static TcpState ofIndex(int index) {
        return VALUES[index];
    }

    /** Parses a contract name case-insensitively ({@code time_wait}, {@code TIME_WAIT}). */
    public static TcpState parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (TcpState s : VALUES) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TCP state '" + name + "'; expected one of "
                + java.util.Arrays.toString(VALUES));
    }
}
