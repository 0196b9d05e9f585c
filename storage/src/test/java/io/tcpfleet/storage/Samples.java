package io.tcpfleet.storage;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic poll results at millisecond precision (what the store keeps). */
final class Samples {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    private Samples() {
    }

    static Host host(String name) {
        return new Host(name, name + ".example.net", 22, "monitor", ByteOrder.LITTLE_ENDIAN);
    }

    static StateCounts states(long seed) {
        return StateCounts.of(Map.of(TcpState.ESTABLISHED, 100 + seed, TcpState.TIME_WAIT, 40 * seed,
                TcpState.CLOSE_WAIT, seed % 3, TcpState.LISTEN, 4L, TcpState.UNKNOWN, seed % 2));
    }

    static PollResult ok(String name, Instant at, long seed) {
        StateCounts s = states(seed);
        List<PortTally> ports = List.of(
                new PortTally(22, 2, 0, StateCounts.of(Map.of(TcpState.LISTEN, 2L, TcpState.ESTABLISHED, 1L))),
                new PortTally(443, 2, seed, StateCounts.of(Map.of(TcpState.LISTEN, 2L, TcpState.ESTABLISHED, 99 + seed))));
        List<PeerTally> peers = List.of(
                new PeerTally("10.0.3.7", 5432, false, 1, StateCounts.of(Map.of(TcpState.TIME_WAIT, 40 * seed))),
                new PeerTally("2001:db8::5", 0, true, 1, StateCounts.of(Map.of(TcpState.ESTABLISHED, 50L))));
        PeerTally other = new PeerTally(null, 0, false, 12, StateCounts.of(Map.of(TcpState.ESTABLISHED, 50 + seed)));
        SocketTally t = new SocketTally(s, s.total() - 10, 10, ports, peers, other,
                new ParseStats(150 * s.total() + 300, s.total() + 2, 2, seed % 2, seed % 2 == 0 ? 0 : 7,
                        seed % 2 == 0 ? null : "state is not a hex code"));
        return new PollResult(host(name), at, Duration.ofMillis(35 + seed), PollStatus.OK, null,
                seed % 2 == 0 ? null : "no /proc/net/tcp6", t.parse().bytes(), t);
    }

    /** The result as history reads it without breakdowns. */
    static PollResult statesOnly(PollResult r) {
        SocketTally t = r.tally();
        return new PollResult(r.host(), r.polledAt(), r.duration(), r.status(), r.error(), r.note(), r.bytes(),
                new SocketTally(t.states(), t.ipv4(), t.ipv6(), List.of(), List.of(), null, t.parse()));
    }

    static PollResult failed(String name, Instant at, PollStatus status) {
        return PollResult.failed(host(name), at, Duration.ofMillis(5000), status,
                "connect to " + name + ":22 timed out after 5s", 17);
    }
}
