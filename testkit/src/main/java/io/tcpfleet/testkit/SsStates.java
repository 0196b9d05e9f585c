package io.tcpfleet.testkit;

import io.tcpfleet.model.TcpState;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiPredicate;

/** {@code ss -tan}, the ground truth of the tests: its state names (ESTAB, TIME-WAIT, ...) as the kernel's. */
public final class SsStates {

    private SsStates() {
    }

    public static TcpState of(String ss) {
        return switch (ss) {
            case "ESTAB" -> TcpState.ESTABLISHED;
            case "SYN-SENT" -> TcpState.SYN_SENT;
            case "SYN-RECV" -> TcpState.SYN_RECV;
            case "FIN-WAIT-1" -> TcpState.FIN_WAIT1;
            case "FIN-WAIT-2" -> TcpState.FIN_WAIT2;
            case "TIME-WAIT" -> TcpState.TIME_WAIT;
            case "CLOSE-WAIT" -> TcpState.CLOSE_WAIT;
            case "LAST-ACK" -> TcpState.LAST_ACK;
            case "LISTEN" -> TcpState.LISTEN;
            case "CLOSING" -> TcpState.CLOSING;
            case "UNCONN", "CLOSE" -> TcpState.CLOSE;
            default -> TcpState.UNKNOWN;
        };
    }

    /**
     * Counts the rows of {@code ss -tanH} output by state, keeping those for which
     * {@code keep(local, remote)} holds (the endpoints as ss prints them, e.g. {@code 10.0.0.1:22}).
     */
    public static Map<TcpState, Long> count(String ssOutput, BiPredicate<String, String> keep) {
        Map<TcpState, Long> counts = new EnumMap<>(TcpState.class);
        for (String line : ssOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && keep.test(f[3], f[4])) {
                counts.merge(of(f[0]), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The port of an endpoint as ss prints it ({@code [::1]:8080}, {@code *:*} is 0). */
    public static int port(String endpoint) {
        String p = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        return p.equals("*") ? 0 : Integer.parseInt(p);
    }
}
