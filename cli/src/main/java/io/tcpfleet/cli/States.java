package io.tcpfleet.cli;

import io.tcpfleet.model.TcpState;

/** State names typed by users. */
final class States {

    private States() {
    }

    static TcpState parse(String name) {
        try {
            return TcpState.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " or TOTAL", e);
        }
    }
}
