package io.tcpfleet.model;

/**
 * Sockets on one local port that has a listener: the service's view.
 *
 * @param port        local port
 * @param listeners   listening sockets on the port (IPv4 and IPv6 listeners, SO_REUSEPORT groups)
 * @param acceptQueue connections completed but not yet {@code accept()}ed: the sum of the
 *                    listeners' {@code rx_queue}; when it nears the backlog the application is
 *                    too slow to accept
 * @param states      every socket with this local port, per state (the listeners count as LISTEN)
 */
public record PortTally(int port, int listeners, long acceptQueue, StateCounts states) {

    /** Sockets on the port other than its listeners: the connections the service holds. */
    public long connections() {
        return states.total() - states.get(TcpState.LISTEN);
    }
}
