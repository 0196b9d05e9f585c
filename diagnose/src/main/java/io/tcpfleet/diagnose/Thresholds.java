package io.tcpfleet.diagnose;

/**
 * When the rules speak up. The defaults suit general-purpose Linux servers; every one can be set
 * on the command line ({@code tcpfleet diagnose --help}).
 *
 * @param timeWait        TIME_WAIT sockets on a host worth a finding
 * @param peerPortShare   a TIME_WAIT pile toward one remote ip:port using this share of the
 *                        ephemeral port range is a port-exhaustion risk (critical at twice it)
 * @param ephemeralPorts  size of the local port range (Linux default 32768-60999: 28232)
 * @param closeWait       CLOSE_WAIT sockets worth a finding
 * @param leakMinimum     a CLOSE_WAIT count that only grows over the history is a leak from this count
 * @param synRecv         SYN_RECV sockets worth a finding
 * @param floodPeers      SYN_RECV from at least this many distinct peers looks like a flood
 * @param synSent         SYN_SENT sockets worth a finding
 * @param scanDestinations SYN_SENT toward at least this many distinct destinations looks like a scan
 * @param stuck           FIN_WAIT2, LAST_ACK or CLOSING sockets worth a finding
 * @param jumpFactor      TOTAL this many times the host's own median is a jump
 * @param jumpMinimum     ... and at least this many sockets above the median
 */
public record Thresholds(long timeWait, double peerPortShare, long ephemeralPorts, long closeWait, long leakMinimum,
                         long synRecv, long floodPeers, long synSent, long scanDestinations, long stuck,
                         double jumpFactor, long jumpMinimum) {

    public static Thresholds defaults() {
        return new Thresholds(5000, 0.25, 28232, 100, 10, 100, 20, 50, 50, 100, 3.0, 1000);
    }
}
