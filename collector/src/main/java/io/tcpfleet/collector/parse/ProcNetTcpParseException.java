package io.tcpfleet.collector.parse;

import java.io.IOException;

/** The input held no parseable socket row; the message says why. */
public class ProcNetTcpParseException extends IOException {

    public ProcNetTcpParseException(String message) {
        super(message);
    }
}
