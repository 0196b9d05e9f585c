package io.tcpfleet.storage;

/**
 * The embedded database was closed under its user: a SHUTDOWN from another connection, or H2
 * closing it after an earlier failure (a write the file system refused). It names no cause itself.
 */
public final class DatabaseClosedException extends StoreException {

    public DatabaseClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
