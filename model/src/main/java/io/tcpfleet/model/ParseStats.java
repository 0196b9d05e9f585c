package io.tcpfleet.model;

/**
 * What the parser saw besides sockets.
 *
 * @param bytes          bytes read
 * @param lines          lines read, headers and bad lines included
 * @param headers        header lines ({@code sl local_address ...}); {@code cat tcp tcp6} gives two
 * @param malformed      lines that could not be parsed as a socket row (skipped, not fatal)
 * @param firstBadLine   1-based line number of the first malformed line, 0 if none
 * @param firstBadReason why that line was rejected, {@code null} if none
 */
public record ParseStats(long bytes, long lines, int headers, long malformed, long firstBadLine,
                         String firstBadReason) {
}
