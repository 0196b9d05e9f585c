package io.tcpfleet.collector.transport;

import java.io.IOException;

/**
 * The exec-and-read step: on a logged-in connection, gets the output of {@value SshTransport#COMMAND}
 * and streams it into the reader, under the attempt's watchdog, keeping the attempt's stage and
 * byte count current: one exec channel per poll ({@link ExecCommand}), or one remote shell per
 * kept connection ({@link RemoteShell}).
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
