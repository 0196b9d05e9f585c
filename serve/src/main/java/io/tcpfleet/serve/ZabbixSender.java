package io.tcpfleet.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Zabbix sender protocol (what {@code zabbix_sender} speaks to a server or proxy's trapper):
 * {@code "ZBXD" 0x01, uint32 LE length, uint32 LE reserved}, then the JSON
 * {@code {"request": "sender data", "data": [{"host", "key", "value", "clock", "ns"}]}}; the answer
 * has the same framing and says {@code "processed: N; failed: N; total: N"}.
 */
public final class ZabbixSender {

    /** One value for one item of one host. */
    public record Value(String host, String key, String value, Instant clock) {
    }

    /** What the server said: its counts, and the raw info line. */
    public record Response(boolean success, int processed, int failed, int total, String info) {
    }

    /** The trapper port of a Zabbix server or proxy. */
    public static final int DEFAULT_PORT = 10051;

    private static final byte[] MAGIC = {'Z', 'B', 'X', 'D', 1};
    private static final int MAX_RESPONSE = 16 << 20;
    private static final Pattern COUNTS = Pattern.compile("processed:? *(\\d+);? *failed:? *(\\d+);? *total:? *(\\d+)");
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InetSocketAddress server;
    private final Duration timeout;

    public ZabbixSender(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** The server or proxy pushed to, as {@code HOST:PORT}, for messages. */
    public String server() {
        return server.getHostString() + ":" + server.getPort();
    }

    /** Sends the values as one request and returns the server's counts. */
    public Response send(List<Value> values) throws IOException {
        byte[] body = request(values);
        try (Socket s = new Socket()) {
            s.connect(server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server,
                    (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(frame(body));
            out.flush();
            return parse(readFrame(s.getInputStream()));
        }
    }

    static byte[] request(List<Value> values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256 + values.size() * 128);
        try (JsonGenerator g = JSON.createGenerator(b, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("request", "sender data");
            g.writeArrayFieldStart("data");
            for (Value v : values) {
                g.writeStartObject();
                g.writeStringField("host", v.host());
                g.writeStringField("key", v.key());
                g.writeStringField("value", v.value());
                g.writeNumberField("clock", v.clock().getEpochSecond());
                g.writeNumberField("ns", v.clock().getNano());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return b.toByteArray();
    }

    /** One message of the trapper protocol around {@code body} (public for fake trappers in tests of other modules). */
    public static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(13 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC).putInt(body.length).putInt(0).put(body).array();
    }

    /** The body of one trapper-protocol message read from {@code in}. */
    public static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[13];
        try {
            d.readFully(header);
        } catch (EOFException e) {
            throw new IOException("Zabbix server closed the connection without an answer", e);
        }
        for (int i = 0; i < 4; i++) {
            if (header[i] != MAGIC[i]) {
                throw new IOException("not a Zabbix answer (no ZBXD header)");
            }
        }
        if ((header[4] & 0x02) != 0) {
            throw new IOException("compressed Zabbix answers are not supported");
        }
        long len = ByteBuffer.wrap(header, 5, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (len > MAX_RESPONSE) {
            throw new IOException("Zabbix answer too large: " + len + " bytes");
        }
        byte[] body = new byte[(int) len];
        try {
            d.readFully(body);
        } catch (EOFException e) {
            throw new IOException("Zabbix answer cut short", e);
        }
        return body;
    }

    static Response parse(byte[] body) throws IOException {
        JsonNode n = MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        boolean success = "success".equals(n.path("response").asText());
        String info = n.path("info").asText("");
        Matcher m = COUNTS.matcher(info);
        if (m.find()) {
            return new Response(success, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), info);
        }
        return new Response(success, 0, 0, 0, info.isEmpty() ? n.toString() : info);
    }
}
