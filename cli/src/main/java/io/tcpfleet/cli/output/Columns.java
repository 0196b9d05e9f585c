package io.tcpfleet.cli.output;

import io.tcpfleet.model.TcpState;
import java.util.List;

/** Column headings shared by the table and CSV views. */
final class Columns {

    /** Short headings that keep a fleet table within a terminal. */
    static String shortName(TcpState s) {
        return switch (s) {
            case ESTABLISHED -> "ESTAB";
            case SYN_SENT -> "SYN_S";
            case SYN_RECV -> "SYN_R";
            case FIN_WAIT1 -> "FIN_W1";
            case FIN_WAIT2 -> "FIN_W2";
            case TIME_WAIT -> "TIME_W";
            case CLOSE_WAIT -> "CLOSE_W";
            case LAST_ACK -> "L_ACK";
            case UNKNOWN -> "UNKN";
            default -> s.name();
        };
    }

    static final List<TcpState> STATES = TcpState.COUNTED;

    private Columns() {
    }
}
