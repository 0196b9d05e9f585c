package io.tcpfleet.cli;

import io.tcpfleet.model.TcpState;

/** ss's state names (ESTAB, TIME-WAIT, ...) as the kernel's. */
final class SsStates {

    private SsStates() {
    }

    static TcpState of(String ss) {
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
            default -> TcpState.UNKNOWN;
        };
    }
}
