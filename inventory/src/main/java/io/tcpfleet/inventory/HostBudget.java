package io.tcpfleet.inventory;

/**
 * The most host entries one load may define, counted before any range is expanded, so that a
 * pattern like {@code h[0:99999][0:99999]} is an error instead of an OutOfMemoryError. Each entry
 * also gets its place in inventory order.
 */
final class HostBudget {

    /** Far beyond any fleet tcpfleet polls in one process, far below what exhausts a default heap. */
    static final int MAX_HOSTS = 100_000;

    private final int max;
    private int used;

    HostBudget(int max) {
        this.max = max;
    }

    /** Reserves {@code n} entries: the place of the first, or -1 (nothing reserved) past the cap. */
    int take(long n) {
        if (n < 0 || n > max - used) {
            return -1;
        }
        int first = used;
        used += (int) n;
        return first;
    }

    int max() {
        return max;
    }

    /** The limit, for a message. */
    String limit() {
        return "an inventory may define at most " + max + " hosts" + (used > 0 ? " (" + used + " so far)" : "");
    }
}
