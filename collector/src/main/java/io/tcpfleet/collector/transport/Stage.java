package io.tcpfleet.collector.transport;

/** The steps of one SSH poll, in order; a failure names the step it happened in. */
enum Stage {
    /** TCP connect, or opening the tunnel through the previous jump host. */
    CONNECT("connecting"),
    /** SSH greeting, key exchange and the host-key check. */
    KEY_EXCHANGE("exchanging keys"),
    AUTHENTICATE("logging in"),
    /** Opening the exec channel and starting the command. */
    EXEC("starting the command"),
    READ("reading the output");

    private final String doing;

    Stage(String doing) {
        this.doing = doing;
    }

    /** What the poll was doing, for messages: "no answer within 30 s while reading the output". */
    String doing() {
        return doing;
    }
}
