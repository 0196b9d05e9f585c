package io.tcpfleet.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The API's Zabbix low-level discovery lists (a host's sample is {@link io.tcpfleet.model.json.SampleJson}). */
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

    /** LLD of the inventory's hosts: {@code [{"{#HOST}": name, "{#ADDRESS}": address}]}. */
    static byte[] hostDiscovery(List<Host> hosts) {
        return json(g -> {
            g.writeStartArray();
            for (Host h : hosts) {
                g.writeStartObject();
                g.writeStringField("{#HOST}", h.name());
                g.writeStringField("{#ADDRESS}", h.address());
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
