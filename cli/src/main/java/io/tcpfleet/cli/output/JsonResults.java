package io.tcpfleet.cli.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The JSON contract: an array with one object per host,
 * {@code {"host", "address", "status", "error", "polled_at", "states": {...}, "ports": [...],
 * "peers": [...], ...}}. State keys are the upper-case {@link TcpState} names plus TOTAL.
 */
public final class JsonResults {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonResults() {
    }

    public static void write(List<PollResult> results, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (PollResult r : results) {
                writeResult(g, r);
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    /** The bare state object {@code {"ESTABLISHED": n, ..., "TOTAL": n}}. */
    public static void writeStates(StateCounts states, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            writeStates(g, states);
            g.writeRaw('\n');
        }
    }

    private static void writeResult(JsonGenerator g, PollResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("host", r.host().name());
        g.writeStringField("address", r.host().address());
        g.writeStringField("status", r.status().name());
        g.writeStringField("error", r.error());
        g.writeStringField("note", r.note());
        g.writeStringField("polled_at", r.polledAt().toString());
        g.writeNumberField("duration_ms", r.duration().toMillis());
        g.writeNumberField("bytes", r.bytes());
        SocketTally t = r.tally();
        if (t == null) {
            g.writeNullField("states");
            g.writeArrayFieldStart("ports");
            g.writeEndArray();
            g.writeArrayFieldStart("peers");
            g.writeEndArray();
            g.writeEndObject();
            return;
        }
        g.writeFieldName("states");
        writeStates(g, t.states());
        g.writeNumberField("ipv4", t.ipv4());
        g.writeNumberField("ipv6", t.ipv6());
        g.writeArrayFieldStart("ports");
        for (PortTally p : t.ports()) {
            g.writeStartObject();
            g.writeNumberField("port", p.port());
            g.writeNumberField("listeners", p.listeners());
            g.writeNumberField("accept_queue", p.acceptQueue());
            g.writeNumberField("connections", p.connections());
            g.writeFieldName("states");
            writeStates(g, p.states());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("peers");
        for (PeerTally p : t.peers()) {
            writePeer(g, p);
        }
        g.writeEndArray();
        if (t.otherPeers() != null) {
            g.writeFieldName("other_peers");
            writePeer(g, t.otherPeers());
        } else {
            g.writeNullField("other_peers");
        }
        g.writeObjectFieldStart("parse");
        g.writeNumberField("lines", t.parse().lines());
        g.writeNumberField("headers", t.parse().headers());
        g.writeNumberField("malformed", t.parse().malformed());
        g.writeNumberField("first_bad_line", t.parse().firstBadLine());
        g.writeStringField("first_bad_reason", t.parse().firstBadReason());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writePeer(JsonGenerator g, PeerTally p) throws IOException {
        g.writeStartObject();
        g.writeStringField("endpoint", p.endpoint());
        g.writeStringField("address", p.address());
        g.writeNumberField("port", p.port());
        g.writeStringField("direction", p.isOther() ? null : p.inbound() ? "in" : "out");
        g.writeNumberField("peers", p.peers());
        g.writeBooleanField("peers_estimated", p.peersEstimated());
        g.writeNumberField("missed_at_most", p.missedAtMost());
        g.writeFieldName("states");
        writeStates(g, p.states());
        g.writeEndObject();
    }

    private static void writeStates(JsonGenerator g, StateCounts s) throws IOException {
        g.writeStartObject();
        for (TcpState state : TcpState.values()) {
            g.writeNumberField(state.name(), s.get(state));
        }
        g.writeEndObject();
    }
}
