package io.tcpfleet.storage;

/** The sample database failed or refused; the message says what to do. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
