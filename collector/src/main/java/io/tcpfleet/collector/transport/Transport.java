package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Host;
import java.io.IOException;
import java.io.InputStream;

/**
 * Gets a host's socket table: the bytes of {@code cat /proc/net/tcp /proc/net/tcp6}, streamed.
 * Implementations classify their own failures as {@link PollFailure}s.
 */
public interface Transport extends AutoCloseable {

    /**
     * Receives the output stream while it is being read; it must read it to the end. It may be
     * called a second time, from scratch, when a kept connection failed under it and the poll is
     * retried on a fresh login.
     */
    @FunctionalInterface
    interface OutputReader {
        void read(InputStream output) throws IOException;
    }

    /**
     * Streams {@code host}'s socket table into {@code reader}.
     *
     * @return a note on a degraded success (for example no /proc/net/tcp6), or {@code null}
     * @throws PollFailure  a classified failure of this host
     * @throws IOException  an error raised by {@code reader} (the parser), passed through
     */
    String read(Host host, OutputReader reader) throws PollFailure, IOException;

    /** The host left the inventory: whatever is kept for it (a logged-in connection) goes. */
    default void forget(Host host) {
    }

    @Override
    default void close() {
    }
}
