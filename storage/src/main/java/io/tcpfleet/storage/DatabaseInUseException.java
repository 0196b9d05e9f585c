package io.tcpfleet.storage;

/** The embedded database file is open in another process (typically a running {@code tcpfleet collect}). */
public final class DatabaseInUseException extends StoreException {

    public DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
