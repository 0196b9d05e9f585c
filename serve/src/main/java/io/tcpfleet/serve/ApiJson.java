package io.tcpfleet.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The API's JSON documents: a host's sample, and Zabbix low-level discovery lists. */
final class ApiJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ApiJson() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * {@code {"host", "address", "status", "error", "polled_at", "age_seconds", "states": {...all
     * states, UNKNOWN, TOTAL}, "ports": [{"port", "listeners", "accept_queue", "states"}]}}; a failed
     * poll has {@code "states": null} and no ports.
     */
    static byte[] sample(PollResult r, long ageSeconds) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("host", r.host().name());
            g.writeStringField("address", r.host().address());
            g.writeStringField("status", r.status().name());
            g.writeStringField("error", r.error());
            g.writeStringField("polled_at", r.polledAt().toString());
            g.writeNumberField("age_seconds", ageSeconds);
            SocketTally t = r.tally();
            if (t == null) {
                g.writeNullField("states");
                g.writeArrayFieldStart("ports");
                g.writeEndArray();
            } else {
                g.writeFieldName("states");
                states(g, t.states());
                g.writeArrayFieldStart("ports");
                for (PortTally p : t.ports()) {
                    g.writeStartObject();
                    g.writeNumberField("port", p.port());
                    g.writeNumberField("listeners", p.listeners());
                    g.writeNumberField("accept_queue", p.acceptQueue());
                    g.writeFieldName("states");
                    states(g, p.states());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static void states(JsonGenerator g, StateCounts s) throws IOException {
        g.writeStartObject();
        for (TcpState state : TcpState.values()) {
            g.writeNumberField(state.name(), s.get(state));
        }
        g.writeEndObject();
    }

    /** LLD of hosts: {@code [{"{#HOST}": name, "{#ADDRESS}": address}]}. */
    static byte[] hostDiscovery(List<PollResult> hosts) {
        return json(g -> {
            g.writeStartArray();
            for (PollResult r : hosts) {
                g.writeStartObject();
                g.writeStringField("{#HOST}", r.host().name());
                g.writeStringField("{#ADDRESS}", r.host().address());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** LLD of a host's listening ports: {@code [{"{#PORT}": 443}]}. */
    static byte[] portDiscovery(PollResult r) {
        return json(g -> {
            g.writeStartArray();
            if (r.tally() != null) {
                for (PortTally p : r.tally().ports()) {
                    if (p.listeners() > 0) {
                        g.writeStartObject();
                        g.writeStringField("{#PORT}", Integer.toString(p.port()));
                        g.writeEndObject();
                    }
                }
            }
            g.writeEndArray();
        });
    }
}
