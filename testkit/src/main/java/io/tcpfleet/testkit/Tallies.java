package io.tcpfleet.testkit;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Crafted tallies and histories for the rule tests: exactly the sockets a test names. */
public final class Tallies {

    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Map<TcpState, Long> states = new EnumMap<>(TcpState.class);
    private final List<PortTally> ports = new ArrayList<>();
    private final List<PeerTally> peers = new ArrayList<>();
    private PeerTally other;

    public static Tallies host() {
        return new Tallies().add(TcpState.LISTEN, 3).add(TcpState.ESTABLISHED, 40);
    }

    public static StateCounts counts(Object... stateThenCount) {
        Map<TcpState, Long> m = new EnumMap<>(TcpState.class);
        for (int i = 0; i < stateThenCount.length; i += 2) {
            m.put((TcpState) stateThenCount[i], ((Number) stateThenCount[i + 1]).longValue());
        }
        return StateCounts.of(m);
    }

    public Tallies add(TcpState s, long n) {
        states.merge(s, n, Long::sum);
        return this;
    }

    /** A listening port with these connection counts (they are also added to the host's states). */
    public Tallies port(int port, long acceptQueue, Object... stateThenCount) {
        StateCounts c = counts(stateThenCount);
        ports.add(new PortTally(port, 1, acceptQueue, c.plus(counts(TcpState.LISTEN, 1))));
        return this;
    }

    public Tallies outbound(String address, int port, Object... stateThenCount) {
        peers.add(new PeerTally(address, port, false, 1, counts(stateThenCount)));
        return this;
    }

    public Tallies inbound(String address, Object... stateThenCount) {
        peers.add(new PeerTally(address, 0, true, 1, counts(stateThenCount)));
        return this;
    }

    public Tallies other(long distinct, Object... stateThenCount) {
        other = new PeerTally(null, 0, false, distinct, counts(stateThenCount));
        return this;
    }

    public PollResult result() {
        return result("web1", NOW);
    }

    public PollResult result(String host, Instant at) {
        SocketTally t = new SocketTally(StateCounts.of(states), 0, 0, ports, peers, other, new ParseStats(0, 0, 0, 0, 0, null));
        return PollResult.ok(Host.ssh(host, "10.0.0." + Math.abs(host.hashCode() % 250), 22, null), at, Duration.ofMillis(30), t, null);
    }

    /** A history of {@code series.length} samples a minute apart, ending now, with these counts of one state. */
    public static StateHistory history(TcpState s, long... series) {
        return history(40, s, series);
    }

    /** The same, on a host that otherwise holds {@code established} ESTABLISHED sockets. */
    public static StateHistory history(long established, TcpState s, long... series) {
        List<Instant> times = new ArrayList<>();
        List<StateCounts> counts = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            times.add(NOW.minusSeconds(60L * (series.length - i)));
            counts.add(counts(TcpState.LISTEN, 3, TcpState.ESTABLISHED, established, s, series[i])); // s last: it wins
        }
        return new StateHistory(times, counts);
    }
}
