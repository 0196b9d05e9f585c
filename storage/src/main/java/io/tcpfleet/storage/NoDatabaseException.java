package io.tcpfleet.storage;

/** There is no sample database where one was expected to be read: nothing has been stored yet. */
public final class NoDatabaseException extends StoreException {

    public NoDatabaseException(String message) {
        super(message);
    }

    static NoDatabaseException at(String where) {
        return new NoDatabaseException("no samples yet in " + where + ": run tcpfleet poll or collect");
    }
}
