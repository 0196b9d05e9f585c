package io.tcpfleet.cli;

import java.lang.management.ManagementFactory;

/**
 * How many SSH connections {@code collect} keeps when {@code --max-kept} is not given: what half
 * the heap holds at {@value #HEAP_PER_CONNECTION} bytes each (an idle kept connection holds about
 * 30 KB, see docs/performance.md), and no more than the open-files limit leaves room for, since
 * each keeps its socket. Hosts beyond it log in for every poll rather than fail.
 *
 * @param maxHeapBytes the JVM's maximum heap
 * @param maxOpenFiles the process's open-files limit, or -1 if unknown
 * @param concurrency  polls at once, each of which may open sockets of its own
 */
record KeptBudget(long maxHeapBytes, long maxOpenFiles, int concurrency) {

    /** Heap budgeted per kept connection: the ~30 KB measured, with room for bigger keys and ciphers. */
    static final long HEAP_PER_CONNECTION = 48 * 1024;
    /** Files left for everything else: the database, the HTTP API, the jars, logs. */
    static final int OTHER_FILES = 256;

    /** This JVM's budget ({@code -Xmx}; the JVM raises its open-files limit to the hard limit at start). */
    static KeptBudget ofThisJvm(int concurrency) {
        long files = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : -1;
        return new KeptBudget(Runtime.getRuntime().maxMemory(), files, concurrency);
    }

    int byHeap() {
        return (int) Math.min(Integer.MAX_VALUE, maxHeapBytes / 2 / HEAP_PER_CONNECTION);
    }

    /** A poll through jump hosts holds a socket per hop: two per poll in flight is the usual most. */
    int byOpenFiles() {
        return maxOpenFiles < 0 ? Integer.MAX_VALUE
                : (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxOpenFiles - OTHER_FILES - 2L * concurrency));
    }

    int connections() {
        return Math.min(byHeap(), byOpenFiles());
    }

    /** What to raise to keep more: "raise -Xmx" or "raise the open-files limit (ulimit -n, LimitNOFILE=)". */
    String toKeepMore() {
        return byOpenFiles() < byHeap() ? "raise the open-files limit (ulimit -n, systemd LimitNOFILE=)"
                : "raise -Xmx: ~" + HEAP_PER_CONNECTION * 2 / 1024 + " KB of heap per kept host";
    }
}
