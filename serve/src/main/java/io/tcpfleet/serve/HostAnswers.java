package io.tcpfleet.serve;

import com.sun.net.httpserver.HttpExchange;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.model.json.SampleJson;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code /v1/hosts/H[/...]}: one host's answers. The host is found by inventory name, else by an
 * address that exactly one host has; every other outcome is an error line naming why.
 */
final class HostAnswers {

    private final Served served;

    HostAnswers(Served served) {
        this.served = served;
    }

    /** {@code parts}: the host, then what of it ("", status, age, ports, peers, states, STATE). */
    void answer(HttpExchange ex, String path, String[] parts) throws IOException {
        HostLookup lookup = served.samples().find(parts[0]);
        if (lookup instanceof HostLookup.Unknown) {
            Reply.text(ex, 404, "unknown host " + parts[0] + ": not in tcpfleet collect's inventory (name or address)");
            return;
        }
        if (lookup instanceof HostLookup.Ambiguous a) {
            Reply.text(ex, 409, a.message());
            return;
        }
        HostLookup.Found found = (HostLookup.Found) lookup;
        String what = parts.length == 1 ? "" : parts[1];
        if (!Arrays.asList("", "status", "age", "ports", "peers", "states").contains(what)) {
            Reply.text(ex, 404, "no such path " + path);
            return;
        }
        PollResult r = found.latest();
        if (r == null) {
            Reply.text(ex, 503, "no sample yet: " + found.host().name() + " is in tcpfleet collect's inventory but its"
                    + " first poll has not ended (" + served.health().sweepSummary() + ")");
            return;
        }
        switch (what) {
            case "status" -> Reply.text(ex, 200, served.freshness().stale(r) ? "STALE" : r.status().name());
            case "age" -> Reply.text(ex, 200, Long.toString(served.freshness().ageSeconds(r)));
            default -> current(ex, r, what, parts.length > 2 ? parts[2] : "");
        }
    }

    /** Values that must be current: a stale sample or a failed poll is an error with the reason. */
    private void current(HttpExchange ex, PollResult r, String what, String state) throws IOException {
        String problem = served.freshness().problem(r);
        if (problem != null) {
            Reply.text(ex, 503, problem);
        } else if (what.isEmpty()) {
            Reply.send(ex, 200, Reply.JSON, line(SampleJson.compact(SampleJson.sample(r, served.freshness()))));
        } else if (what.equals("ports")) {
            Reply.send(ex, 200, Reply.JSON, ApiJson.portDiscovery(r));
        } else if (what.equals("peers")) {
            Reply.send(ex, 200, Reply.JSON, ApiJson.peerDiscovery(r));
        } else {
            TcpState s;
            try {
                s = TcpState.parse(state);
            } catch (IllegalArgumentException e) {
                Reply.text(ex, 400, e.getMessage());
                return;
            }
            Reply.text(ex, 200, Long.toString(r.tally().get(s)));
        }
    }

    private static byte[] line(byte[] body) {
        byte[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = '\n';
        return out;
    }
}
