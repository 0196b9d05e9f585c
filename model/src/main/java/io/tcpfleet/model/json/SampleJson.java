package io.tcpfleet.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.ParseStats;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON contract of a host's sample, written here and nowhere else: {@code poll --format json},
 * {@code report}, {@code history}, {@code tally}, the HTTP API and the Zabbix trapper push all
 * send this document.
 *
 * <pre>
 * {"host", "address", "status", "error", "note", "polled_at", "age_seconds", "stale",
 *  "duration_ms", "bytes", "states": {STATE: n, ..., "TOTAL": n}, "ipv4", "ipv6",
 *  "ports": [{"port", "listeners", "accept_queue", "connections", "states"}],
 *  "peers": [{"endpoint", "address", "port", "direction", "peers", "peers_estimated",
 *             "missed_at_most", "states"}],
 *  "other_peers": {...} | null,
 *  "parse": {"lines", "headers", "malformed", "first_bad_line", "first_bad_reason"}}
 * </pre>
 * A failed poll has {@code "states": null}, no ports or peers, and null tally fields. Every key
 * is always present, so consumers (Zabbix JSONPath, jq) never meet a missing field.
 */
public final class SampleJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SampleJson() {
    }

    /** One host's sample; age and staleness as {@code freshness} sees them now. */
    public static ObjectNode sample(PollResult r, Freshness freshness) {
        ObjectNode n = NODES.objectNode();
        n.put("host", r.host().name());
        n.put("address", r.host().address());
        n.put("status", r.status().name());
        n.put("error", r.error());
        n.put("note", r.note());
        n.put("polled_at", r.polledAt().toString());
        n.put("age_seconds", freshness.ageSeconds(r));
        n.put("stale", freshness.stale(r));
        n.put("duration_ms", r.duration().toMillis());
        n.put("bytes", r.bytes());
        SocketTally t = r.tally();
        n.set("states", t == null ? NODES.nullNode() : states(t.states()));
        n.set("ipv4", t == null ? NODES.nullNode() : NODES.numberNode(t.ipv4()));
        n.set("ipv6", t == null ? NODES.nullNode() : NODES.numberNode(t.ipv6()));
        ArrayNode ports = n.putArray("ports");
        ArrayNode peers = n.putArray("peers");
        if (t == null) {
            n.putNull("other_peers");
            n.putNull("parse");
            return n;
        }
        t.ports().forEach(p -> ports.add(port(p)));
        t.peers().forEach(p -> peers.add(peer(p)));
        n.set("other_peers", t.otherPeers() == null ? NODES.nullNode() : peer(t.otherPeers()));
        n.set("parse", parse(t.parse()));
        return n;
    }

    /** An array of samples, in the given order. */
    public static ArrayNode samples(List<PollResult> results, Freshness freshness) {
        ArrayNode a = NODES.arrayNode();
        results.forEach(r -> a.add(sample(r, freshness)));
        return a;
    }

    /** {@code {"ESTABLISHED": n, ..., "UNKNOWN": n, "TOTAL": n}}: every state name, zeros included. */
    public static ObjectNode states(StateCounts s) {
        ObjectNode n = NODES.objectNode();
        for (TcpState state : TcpState.values()) {
            n.put(state.name(), s.get(state));
        }
        return n;
    }

    private static ObjectNode port(PortTally p) {
        ObjectNode n = NODES.objectNode();
        n.put("port", p.port());
        n.put("listeners", p.listeners());
        n.put("accept_queue", p.acceptQueue());
        n.put("connections", p.connections());
        n.set("states", states(p.states()));
        return n;
    }

    private static ObjectNode peer(PeerTally p) {
        ObjectNode n = NODES.objectNode();
        n.put("endpoint", p.endpoint());
        n.put("address", p.address());
        n.put("port", p.port());
        n.put("direction", p.isOther() ? null : p.inbound() ? "in" : "out");
        n.put("peers", p.peers());
        n.put("peers_estimated", p.peersEstimated());
        n.put("missed_at_most", p.missedAtMost());
        n.set("states", states(p.states()));
        return n;
    }

    private static ObjectNode parse(ParseStats p) {
        ObjectNode n = NODES.objectNode();
        n.put("lines", p.lines());
        n.put("headers", p.headers());
        n.put("malformed", p.malformed());
        n.put("first_bad_line", p.firstBadLine());
        n.put("first_bad_reason", p.firstBadReason());
        return n;
    }

    /** One line, UTF-8, no trailing newline: for the API and the trapper. */
    public static byte[] compact(JsonNode node) {
        try {
            return COMPACT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indented, for people and pipes (no final newline). */
    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
