package io.tcpfleet.collector.transport;

import io.tcpfleet.model.PollStatus;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * Turns what went wrong in a poll attempt into a failure class and a message a person can act on,
 * naming the hop that failed (a jump host is named as such) and the step it failed in. The order
 * matters: the deadline first (the watchdog's close causes every other symptom), then a refused
 * host key, then what the exception says, then the step.
 */
final class FailureClassifier {

    PollFailure classify(PollAttempt a, Throwable e) {
        long bytes = a.bytes();
        Route.Hop hop = a.hop();
        String who = hop == null ? "the host" : hop.label();
        String where = a.onKeptConnection() ? " on the kept connection" : hop != null && hop.jump() ? " at " + who : "";
        String read = bytes > 0 ? " after " + bytes + " bytes" : "";
        if (e instanceof CappedInputStream.LimitExceeded) {
            return new PollFailure(PollStatus.OUTPUT_TOO_LARGE, e.getMessage() + " (raise --max-output)", bytes, e);
        }
        if (a.expired()) {
            return new PollFailure(PollStatus.TIMEOUT, "no answer within " + a.deadline().toSeconds() + " s while "
                    + a.stage().doing() + where + read, bytes, e);
        }
        KnownHostsVerifier v = a.verifier();
        if (v != null && v.refusedAs() != null) {
            return new PollFailure(v.refusedAs(), v.refusal(who), bytes, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserAuthException) {
                return new PollFailure(PollStatus.AUTH_FAILED, "authentication failed for " + who + ": " + t.getMessage(),
                        bytes, e);
            }
            if (t instanceof ConnectException) {
                return new PollFailure(PollStatus.REFUSED, "connection refused by " + who, bytes, e);
            }
            if (t instanceof UnknownHostException) {
                return new PollFailure(PollStatus.UNREACHABLE, "unknown host name " + (hop != null ? hop.address() : "")
                        + (hop != null && hop.jump() ? " (" + who + ")" : ""), bytes, e);
            }
            if (t instanceof NoRouteToHostException || (t instanceof SocketTimeoutException && a.stage() == Stage.CONNECT)) {
                return new PollFailure(PollStatus.UNREACHABLE, "cannot reach " + who + ": " + t.getMessage(), bytes, e);
            }
            if (t instanceof OpenFailException o && a.stage() == Stage.CONNECT) {
                // the previous jump host could not open the tunnel to this hop
                boolean refused = o.getMessage() != null && o.getMessage().toLowerCase(Locale.ROOT).contains("refused");
                return new PollFailure(refused ? PollStatus.REFUSED : PollStatus.UNREACHABLE, (refused
                        ? "connection refused by " + who : "cannot reach " + who) + " from the jump host before it: "
                        + o.getMessage(), bytes, e);
            }
        }
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        return switch (a.stage()) {
            case CONNECT -> new PollFailure(PollStatus.UNREACHABLE, "cannot reach " + who + ": " + why, bytes, e);
            case KEY_EXCHANGE -> new PollFailure(PollStatus.PROTOCOL_ERROR, handshake(a, who, why), bytes, e);
            case AUTHENTICATE -> new PollFailure(PollStatus.PROTOCOL_ERROR, "the connection to " + who
                    + " broke while logging in: " + why, bytes, e);
            case EXEC, READ -> new PollFailure(PollStatus.COMMAND_FAILED, "the connection to " + who + " failed while "
                    + a.stage().doing() + where + read + ": " + why, bytes, e);
        };
    }

    /** Why the SSH handshake failed: no SSH server there at all, or no algorithm in common. */
    private static String handshake(PollAttempt a, String who, String why) {
        String greeting = a.greeting();
        boolean sawSsh = greeting.startsWith("SSH-") || greeting.contains("\nSSH-");
        boolean noGreeting = greeting.isEmpty() ? why.contains("identification") : !sawSsh;
        if (noGreeting) {
            String said = firstLine(greeting);
            return who + " is not an SSH server: " + (said.isEmpty()
                    ? "it closed the connection without an SSH greeting (or its sshd refuses more connections: MaxStartups)"
                    : "it answered '" + said + "'");
        }
        if (why.contains("settlement")) {
            return "key exchange with " + who + " failed: no algorithm in common (tcpfleet offers OpenSSH 9's"
                    + " client defaults, never SHA-1 ssh-rsa, ssh-dss, group1, 3DES, arcfour or MD5): " + why;
        }
        return "key exchange with " + who + " failed (no algorithm in common?): " + why;
    }

    /** The first line, printable characters only, at most 60 of them: it came from an unknown peer. */
    private static String firstLine(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r' || c == '\n' || b.length() >= 60) {
                break;
            }
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
