package io.tcpfleet.storage;

/** How a store is used while open, which decides how it connects and how it closes. */
public enum StoreUse {
    /**
     * Several threads over a long life (collect and its readers): a small HikariCP pool; embedded H2
     * compacts its file when closed (H2's default, up to {@code MAX_COMPACT_TIME}).
     */
    SHARED,
    /**
     * One thread, one piece of work, then close (a one-shot command such as {@code poll}): one plain
     * JDBC connection and no pool; embedded H2 compacts its file when closed only once its chunks
     * are less than half live data, so that a run pays for compaction rarely and the file still
     * stays bounded.
     */
    ONE_SHOT
}
