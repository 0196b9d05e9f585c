package io.tcpfleet.collector.transport;

import java.io.IOException;

/**
 * The exec-and-read step: on a logged-in connection, runs {@value SshTransport#COMMAND} and
 * streams its output into the reader, under the attempt's watchdog, keeping the attempt's stage
 * and byte count current. One exec channel per poll today; a persistent remote shell per
 * connection would be another implementation.
 */
interface RemoteCommand {

    /**
     * @return a note on a degraded success (for example no /proc/net/tcp6), or null
     * @throws PollFailure  the command failed or its output was too large
     * @throws IOException  the connection failed, or the reader's own error (the parser), passed through
     */
    String run(SshConnection connection, PollAttempt attempt, Transport.OutputReader reader)
            throws IOException, PollFailure;
}
