package io.tcpfleet.collector.transport;

import io.tcpfleet.model.PollStatus;
import java.util.Objects;

/** A host's poll failed for a known reason; the message is for a person. */
public class PollFailure extends Exception {

    private final PollStatus status;
    private final long bytes;

    public PollFailure(PollStatus status, String message, long bytes, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
        if (status.ok()) {
            throw new IllegalArgumentException("a failure cannot be OK");
        }
        this.bytes = bytes;
    }

    public PollFailure(PollStatus status, String message) {
        this(status, message, 0, null);
    }

    public PollStatus status() {
        return status;
    }

    /** Bytes of output read before the failure. */
    public long bytes() {
        return bytes;
    }
}
