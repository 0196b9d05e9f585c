package io.tcpfleet.model;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.SocketTally;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One host's poll: either a tally ({@link PollStatus#OK}) or a classified failure, never an
 * exception.
 *
 * @param host     the host polled
 * @param polledAt when the poll started
 * @param duration how long it took, connect included
 * @param status   OK or the failure class
 * @param error    what went wrong, for a person; {@code null} when OK
 * @param note     a remark on a successful poll (for example "no /proc/net/tcp6: IPv6 disabled"),
 *                 or {@code null}
 * @param bytes    bytes of output read
 * @param tally    the tally when OK, {@code null} otherwise
 */
public record PollResult(Host host, Instant polledAt, Duration duration, PollStatus status,
                         String error, String note, long bytes, SocketTally tally) {

    public PollResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(polledAt, "polledAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
        if (status.ok() != (tally != null)) {
            throw new IllegalArgumentException("a tally goes with OK and only with OK: " + status);
        }
    }

    public static PollResult ok(Host host, Instant polledAt, Duration duration, SocketTally tally,
                                String note) {
        return new PollResult(host, polledAt, duration, PollStatus.OK, null, note,
                tally.parse().bytes(), tally);
    }

    public static PollResult failed(Host host, Instant polledAt, Duration duration, PollStatus status,
                                    String error, long bytes) {
        return new PollResult(host, polledAt, duration, status, error, null, bytes, null);
    }

    public boolean ok() {
        return status.ok();
    }
}
