package io.tcpfleet.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

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

    /**
     * The group of a host in no inventory group: what Ansible calls it. A Zabbix group prototype
     * needs a name for every host (an empty one is refused).
     */
    static final String NO_GROUP = "ungrouped";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * LLD of the inventory's hosts, what the Zabbix host prototypes need: {@code [{"{#HOST}": name,
     * "{#ADDRESS}": address, "{#IP}": the address if it is an IP literal else "", "{#GROUP}": the most
     * specific group, "{#GROUPS}": every group, comma separated}]}.
     */
    static byte[] hostDiscovery(List<LatestSamples.Entry> hosts) {
        return json(g -> {
            g.writeStartArray();
            for (LatestSamples.Entry e : hosts) {
                Host h = e.host();
                List<String> groups = e.groups().isEmpty() ? List.of(NO_GROUP) : e.groups();
                g.writeStartObject();
                g.writeStringField("{#HOST}", h.name());
                g.writeStringField("{#ADDRESS}", h.address());
                g.writeStringField("{#IP}", isIpLiteral(h.address()) ? h.address() : "");
                g.writeStringField("{#GROUP}", groups.get(0));
                g.writeStringField("{#GROUPS}", String.join(",", groups));
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** An inventory address is a DNS name, an IP literal, or "local"; only IPv6 literals have a colon. */
    static boolean isIpLiteral(String address) {
        return address.indexOf(':') >= 0 || IPV4.matcher(address).matches();
    }

    /**
     * LLD of the remote services a host connects to (its named outbound peers):
     * {@code [{"{#PEER}": "10.0.3.7:5432", "{#PEER.ADDRESS}": "10.0.3.7", "{#PEER.PORT}": "5432"}]}.
     */
    static byte[] peerDiscovery(PollResult r) {
        return json(g -> {
            g.writeStartArray();
            if (r.tally() != null) {
                for (PeerTally p : r.tally().peers()) {
                    if (!p.inbound() && !p.isOther()) {
                        g.writeStartObject();
                        g.writeStringField("{#PEER}", p.endpoint());
                        g.writeStringField("{#PEER.ADDRESS}", p.address());
                        g.writeStringField("{#PEER.PORT}", Integer.toString(p.port()));
                        g.writeEndObject();
                    }
                }
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
