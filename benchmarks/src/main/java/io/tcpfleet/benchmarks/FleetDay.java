package io.tcpfleet.benchmarks;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fleet's polls as the collector produces them with its defaults (all listening ports, the top
 * 20 peers and an "other" bucket), deterministic per seed. Each host is an application server:
 * 4-6 listening ports; outbound to a database, a cache and an API (ESTABLISHED steady, TIME_WAIT
 * around a per-host level); inbound from 4 load balancers; and 13 client addresses in the top 20
 * that churn (each replaced with probability 0.3 per poll, 1-6 sockets each). Counts are noisy
 * like Poisson counts (standard deviation = square root of the mean) around levels that follow a
 * daily cycle (+-30 %).
 */
final class FleetDay {

    private static final int TAIL = 13;

    private final List<HostModel> hosts = new ArrayList<>();

    FleetDay(int hosts, long seed) {
        this(0, hosts, seed);
    }

    /** Hosts {@code first} to {@code first + hosts - 1} of a larger fleet (a collector's share of it). */
    FleetDay(int first, int hosts, long seed) {
        Random r = new Random(seed + first);
        for (int h = first; h < first + hosts; h++) {
            this.hosts.add(new HostModel(h, r.nextLong()));
        }
    }

    List<PollResult> sweep(Instant at) {
        List<PollResult> out = new ArrayList<>(hosts.size());
        for (HostModel h : hosts) {
            out.add(h.poll(at));
        }
        return out;
    }

    private static final class HostModel {
        final Host host;
        final Random r;
        final int index;
        final double tw;
        final double lb;
        final double phase;
        final String[] tail = new String[TAIL];

        HostModel(int h, long seed) {
            index = h;
            r = new Random(seed);
            host = Host.ssh(String.format("host%04d", h), "10.1." + (h / 250) + "." + (1 + h % 250), 22, null);
            tw = 50 + r.nextInt(250);
            lb = 100 + r.nextInt(300);
            phase = r.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < TAIL; i++) {
                tail[i] = client();
            }
        }

        String client() {
            return "172.16." + r.nextInt(256) + "." + (1 + r.nextInt(254));
        }

        long noisy(double mean) {
            return Math.max(0, Math.round(mean + r.nextGaussian() * Math.sqrt(mean)));
        }

        PollResult poll(Instant at) {
            double day = 1 + 0.3 * Math.sin(2 * Math.PI * (at.getEpochSecond() % 86_400) / 86_400.0 + phase);
            List<PeerTally> peers = new ArrayList<>();
            long[] total = new long[TcpState.COUNT];
            peers.add(peer("10.9.0." + (1 + index % 5), 5432, false, 20, noisy(tw * day), total));
            peers.add(peer("10.9.1." + (1 + index % 3), 6379, false, 10, noisy(30 * day), total));
            peers.add(peer("10.9.2.7", 443, false, 5, noisy(80 * day), total));
            long inbound = 0;
            for (int i = 1; i <= 4; i++) {
                long est = noisy(lb / 4 * day);
                inbound += est;
                peers.add(peer("10.8.0." + i, 0, true, est, 0, total));
            }
            for (int i = 0; i < TAIL; i++) {
                if (r.nextDouble() < 0.3) {
                    tail[i] = client();
                }
                long est = 1 + r.nextInt(3);
                inbound += est;
                peers.add(peer(tail[i], 0, true, est, r.nextInt(4), total));
            }
            peers.sort((a, b) -> Long.compare(b.states().total(), a.states().total()));
            long otherEst = noisy(300 * day);
            long otherTw = noisy(100 * day);
            inbound += otherEst;
            total[TcpState.ESTABLISHED.ordinal()] += otherEst;
            total[TcpState.TIME_WAIT.ordinal()] += otherTw;
            PeerTally other = new PeerTally(null, 0, false, noisy(200),
                    counts(TcpState.ESTABLISHED, otherEst, TcpState.TIME_WAIT, otherTw));
            List<PortTally> ports = new ArrayList<>();
            ports.add(port(22, 1, 1, 0));
            ports.add(port(443, 2, inbound, r.nextInt(3)));
            ports.add(port(8080, 1, noisy(50 * day), 0));
            ports.add(port(9100, 1, 1, 0));
            if (index % 10 == 0) {
                ports.add(port(5432, 1, noisy(40), 0));
            }
            if (index % 10 == 1) {
                ports.add(port(6379, 1, noisy(20), 0));
            }
            ports.sort((a, b) -> Integer.compare(a.port(), b.port()));
            for (PortTally p : ports) {
                total[TcpState.LISTEN.ordinal()] += p.listeners();
            }
            total[TcpState.CLOSE_WAIT.ordinal()] += r.nextInt(3);
            total[TcpState.FIN_WAIT2.ordinal()] += r.nextInt(4);
            StateCounts states = StateCounts.of(total);
            ParseStats parse = new ParseStats(150 * (states.total() + 2), states.total() + 2, 2, 0, 0, null);
            SocketTally t = new SocketTally(states, states.total(), 0, ports, peers, other, parse);
            return PollResult.ok(host, at, Duration.ofMillis(20 + r.nextInt(30)), t, null);
        }

        private static PeerTally peer(String address, int port, boolean inbound, long est, long tw, long[] total) {
            total[TcpState.ESTABLISHED.ordinal()] += est;
            total[TcpState.TIME_WAIT.ordinal()] += tw;
            return new PeerTally(address, port, inbound, 1, counts(TcpState.ESTABLISHED, est, TcpState.TIME_WAIT, tw));
        }

        private static PortTally port(int port, int listeners, long est, long queue) {
            return new PortTally(port, listeners, queue, counts(TcpState.LISTEN, listeners, TcpState.ESTABLISHED, est));
        }

        private static StateCounts counts(TcpState a, long na, TcpState b, long nb) {
            long[] c = new long[TcpState.COUNT];
            c[a.ordinal()] = na;
            c[b.ordinal()] = nb;
            return StateCounts.of(c);
        }
    }
}
