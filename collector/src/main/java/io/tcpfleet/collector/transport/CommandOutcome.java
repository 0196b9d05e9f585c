package io.tcpfleet.collector.transport;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.model.PollStatus;

/**
 * How the remote command ended, and what that means for the poll: a success, a success with a
 * note (no /proc/net/tcp6), or a failure that its exit status and stderr explain.
 *
 * @param exit   exit status, or null when the command died by a signal (or sent neither)
 * @param signal the signal's name, or null
 * @param stderr what it wrote to stderr (bounded)
 * @param bytes  bytes of output read
 */
record CommandOutcome(Integer exit, String signal, String stderr, long bytes) {

    /**
     * @param unparsable the reader's verdict on the output, or null if it read it
     * @return null, or a note on a degraded success
     * @throws PollFailure              the command failed (not Linux?)
     * @throws ProcNetTcpParseException the command succeeded but its output is not a socket table
     */
    String note(ProcNetTcpParseException unparsable) throws PollFailure, ProcNetTcpParseException {
        String err = stderr.strip();
        if (unparsable != null) {
            if ((exit != null && exit != 0) || signal != null || bytes == 0) {
                throw new PollFailure(PollStatus.COMMAND_FAILED, "'" + SshTransport.COMMAND + "' failed"
                        + (exit != null ? " with exit status " + exit : signal != null ? " by signal " + signal : "")
                        + (err.isEmpty() ? "" : ": " + firstLine(err)) + " (not Linux?)", bytes, unparsable);
            }
            throw unparsable;
        }
        if (exit != null && exit == 0 && err.isEmpty()) {
            return null;
        }
        if (err.contains("/proc/net/tcp6")) {
            return "no /proc/net/tcp6 (IPv6 disabled at boot): IPv4 sockets only";
        }
        return "'" + SshTransport.COMMAND + "' ended with " + (exit != null ? "exit status " + exit : "signal " + signal)
                + (err.isEmpty() ? "" : ": " + firstLine(err));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
