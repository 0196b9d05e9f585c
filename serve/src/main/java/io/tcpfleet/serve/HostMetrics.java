package io.tcpfleet.serve;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.TcpState;
import java.util.List;
import java.util.function.Predicate;

/**
 * The per-host metric families, named as node_exporter names the same facts
 * ({@code node_tcp_connection_states{state="time_wait"}}). Counts are exported only for a current
 * sample (polled OK, not stale): a failed or stale host has its {@code tcpfleet_up} at 0 and its
 * age, never old counts that a scrape would stamp as new.
 */
final class HostMetrics {

    private static final String DEPRECATED = "DEPRECATED (removed in the next release): ";

    private HostMetrics() {
    }

    static void write(MetricsWriter w, List<LatestSamples.Entry> hosts, Freshness freshness, boolean ports) {
        Predicate<PollResult> current = r -> r != null && r.ok() && !freshness.stale(r);

        w.family("tcpfleet_up", "gauge", "1 if the host's latest poll succeeded and is fresh (younger than"
                + " --stale-after intervals), else 0 (failed, stale, or not polled yet).");
        for (LatestSamples.Entry e : hosts) {
            w.sample("tcpfleet_up", current.test(e.latest()) ? 1 : 0, "host", e.host().name());
        }
        w.family("tcpfleet_tcp_connection_states", "gauge",
                "TCP sockets per state in the host's latest current sample (node_exporter's state names).");
        for (LatestSamples.Entry e : hosts) {
            if (current.test(e.latest())) {
                for (TcpState s : TcpState.COUNTED) {
                    w.sample("tcpfleet_tcp_connection_states", e.latest().tally().get(s), "host", e.host().name(),
                            "state", s.lowerName());
                }
            }
        }
        w.family("tcpfleet_last_poll_timestamp_seconds", "gauge", "When the host's latest poll started (Unix time).");
        forSampled(hosts, (host, r) -> w.sample("tcpfleet_last_poll_timestamp_seconds",
                MetricsWriter.seconds(r.polledAt().toEpochMilli()), "host", host));
        w.family("tcpfleet_poll_duration_seconds", "gauge", "How long the host's latest poll took.");
        forSampled(hosts, (host, r) -> w.sample("tcpfleet_poll_duration_seconds",
                MetricsWriter.seconds(r.duration().toMillis()), "host", host));
        w.family("tcpfleet_sample_age_seconds", "gauge", "Age of the host's latest sample.");
        forSampled(hosts, (host, r) -> w.sample("tcpfleet_sample_age_seconds", freshness.ageSeconds(r), "host", host));
        w.family("tcpfleet_poll_status", "gauge", "The latest poll's status (OK or its failure class), always 1.");
        forSampled(hosts, (host, r) -> w.sample("tcpfleet_poll_status", 1, "host", host, "status", r.status().name()));
        if (ports) {
            writePorts(w, hosts, current);
        }
        w.family("tcpfleet_tcp_connections", "gauge", DEPRECATED + "use tcpfleet_tcp_connection_states"
                + " (lower-case state names). TCP sockets per state in the host's latest current sample.");
        for (LatestSamples.Entry e : hosts) {
            if (current.test(e.latest())) {
                for (TcpState s : TcpState.COUNTED) {
                    w.sample("tcpfleet_tcp_connections", e.latest().tally().get(s), "host", e.host().name(), "state", s.name());
                }
            }
        }
        w.family("tcpfleet_poll_up", "gauge", DEPRECATED + "use tcpfleet_up. 1 if the host's latest poll succeeded"
                + " and is fresh, else 0.");
        for (LatestSamples.Entry e : hosts) {
            w.sample("tcpfleet_poll_up", current.test(e.latest()) ? 1 : 0, "host", e.host().name());
        }
    }

    /** Listening ports only: connections by state and the accept queue. */
    private static void writePorts(MetricsWriter w, List<LatestSamples.Entry> hosts, Predicate<PollResult> current) {
        w.family("tcpfleet_port_connection_states", "gauge",
                "TCP sockets per state on each listening port of the host (--metrics-ports).");
        forListeningPorts(hosts, current, (host, p, port) -> {
            for (TcpState s : TcpState.COUNTED) {
                w.sample("tcpfleet_port_connection_states", p.states().get(s), "host", host, "port", port, "state", s.lowerName());
            }
        });
        w.family("tcpfleet_port_accept_queue", "gauge",
                "Connections completed but not yet accept()ed on each listening port (--metrics-ports).");
        forListeningPorts(hosts, current, (host, p, port) ->
                w.sample("tcpfleet_port_accept_queue", p.acceptQueue(), "host", host, "port", port));
    }

    private interface ListeningPort {
        void write(String host, PortTally p, String port);
    }

    private static void forListeningPorts(List<LatestSamples.Entry> hosts, Predicate<PollResult> current, ListeningPort out) {
        for (LatestSamples.Entry e : hosts) {
            if (current.test(e.latest())) {
                for (PortTally p : e.latest().tally().ports()) {
                    if (p.listeners() > 0) {
                        out.write(e.host().name(), p, Integer.toString(p.port()));
                    }
                }
            }
        }
    }

    private interface Sampled {
        void write(String host, PollResult r);
    }

    private static void forSampled(List<LatestSamples.Entry> hosts, Sampled s) {
        for (LatestSamples.Entry e : hosts) {
            if (e.latest() != null) {
                s.write(e.host().name(), e.latest());
            }
        }
    }
}
