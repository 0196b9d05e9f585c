package io.tcpfleet.serve;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TcpState;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The Prometheus text exposition (format 0.0.4) of every host's latest sample. */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static byte[] render(List<PollResult> hosts, Freshness freshness) {
        StringBuilder b = new StringBuilder(4096 + hosts.size() * 900);
        b.append("# HELP tcpfleet_tcp_connections TCP sockets per state in the host's latest sample.\n");
        b.append("# TYPE tcpfleet_tcp_connections gauge\n");
        for (PollResult r : hosts) {
            if (r.tally() == null) {
                continue; // a failed poll has no counts: absent, not zero
            }
            for (TcpState s : TcpState.COUNTED) {
                b.append("tcpfleet_tcp_connections{host=\"").append(escape(r.host().name())).append("\",state=\"")
                        .append(s.name()).append("\"} ").append(r.tally().get(s)).append('\n');
            }
        }
        b.append("# HELP tcpfleet_poll_up 1 if the host's latest poll succeeded, else 0.\n");
        b.append("# TYPE tcpfleet_poll_up gauge\n");
        for (PollResult r : hosts) {
            b.append("tcpfleet_poll_up{host=\"").append(escape(r.host().name())).append("\"} ").append(r.ok() ? 1 : 0).append('\n');
        }
        b.append("# HELP tcpfleet_poll_status The latest poll's status (OK or its failure class), always 1.\n");
        b.append("# TYPE tcpfleet_poll_status gauge\n");
        for (PollResult r : hosts) {
            b.append("tcpfleet_poll_status{host=\"").append(escape(r.host().name())).append("\",status=\"")
                    .append(r.status().name()).append("\"} 1\n");
        }
        b.append("# HELP tcpfleet_poll_duration_seconds How long the host's latest poll took.\n");
        b.append("# TYPE tcpfleet_poll_duration_seconds gauge\n");
        for (PollResult r : hosts) {
            b.append("tcpfleet_poll_duration_seconds{host=\"").append(escape(r.host().name())).append("\"} ")
                    .append(r.duration().toMillis() / 1000.0).append('\n');
        }
        b.append("# HELP tcpfleet_sample_age_seconds Age of the host's latest sample.\n");
        b.append("# TYPE tcpfleet_sample_age_seconds gauge\n");
        for (PollResult r : hosts) {
            b.append("tcpfleet_sample_age_seconds{host=\"").append(escape(r.host().name())).append("\"} ")
                    .append(freshness.ageSeconds(r)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
