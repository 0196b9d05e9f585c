package io.tcpfleet.storage;

/** Whether opening a store may create its database. */
public enum OpenMode {
    /** Create the database and its schema when they do not exist (commands that write samples). */
    CREATE,
    /**
     * Open only a database that exists, creating nothing, not even a file or a directory (the
     * read-only commands): a missing one is a {@link NoDatabaseException}.
     */
    EXISTING
}
