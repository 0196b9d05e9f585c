package io.tcpfleet.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The state names of the public contract: the kernel's TCP states as printed in the {@code st}
 * column of /proc/net/tcp, {@link #UNKNOWN} for any code this version does not know, and the
 * pseudo-state {@link #TOTAL} (every socket). JSON keys, CSV columns, storage columns, HTTP paths,
 * Zabbix keys and Prometheus labels all come from here: never rename a constant.
 *
 * <p>{@code NEW_SYN_RECV} (0x0C) is printed by the kernel as 03 and so counts as {@link #SYN_RECV}.
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
    UNKNOWN(-1),
    /** Every socket: the sum of the others. Never a socket's own state. */
    TOTAL(-2);

    /** The states a socket can be counted in, UNKNOWN included and TOTAL not, in contract order. */
    public static final List<TcpState> COUNTED = List.of(Arrays.copyOf(values(), values().length - 1));

    /** Number of counted states: the length of every per-state counter array. */
    public static final int COUNT = COUNTED.size();

    private static final TcpState[] BY_CODE = new TcpState[256];

    static {
        Arrays.fill(BY_CODE, UNKNOWN);
        for (TcpState s : COUNTED) {
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

    /** The state for a kernel code; UNKNOWN for codes outside the table. */
    public static TcpState ofCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : UNKNOWN;
    }

    /** The lower-case name node_exporter's {@code node_tcp_connection_states} uses ({@code time_wait}). */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a state name as users, Zabbix keys and URLs spell it: case-insensitive, with {@code -}
     * or {@code _} ({@code time_wait}, {@code TIME-WAIT}, {@code total}).
     */
    public static TcpState parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TcpState s : values()) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state '" + name + "'; expected one of " + names());
    }

    /** "ESTABLISHED, SYN_SENT, ..., UNKNOWN, TOTAL", for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
