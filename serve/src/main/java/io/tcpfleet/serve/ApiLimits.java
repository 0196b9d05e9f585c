package io.tcpfleet.serve;

import java.time.Duration;

/**
 * How much the API gives any client.
 *
 * @param workers  exchanges handled at once; a client that never finishes its request holds one
 *                 until the deadline, so this is how many such clients it takes to delay others
 * @param queued   exchanges waiting for a worker; beyond, a new connection is closed at once
 * @param deadline the longest one exchange (reading the request, answering it) may take; then its
 *                 connection is closed and its worker freed
 */
public record ApiLimits(int workers, int queued, Duration deadline) {

    public ApiLimits {
        if (workers < 1 || queued < 0 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("workers >= 1, queued >= 0, deadline > 0");
        }
    }

    /**
     * 64 workers (idle ones end after 30 s), 128 queued, 10 s: a Zabbix check gives up after 3 s
     * and a Prometheus scrape after 10 s, and answers come from memory in milliseconds.
     */
    public static ApiLimits defaults() {
        return new ApiLimits(64, 128, Duration.ofSeconds(10));
    }
}
