package io.tcpfleet.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML document as nested maps and scalars that remember their line, so that every inventory
 * error can name it (Jackson's tree model forgets locations). Lists are kept as opaque values.
 */
final class YamlTree {

    enum Kind { MAP, SCALAR, NULL, LIST }

    /** A value and the line it (or its key) is on. */
    record Node(Kind kind, int line, String text, Map<String, Node> map) {
    }

    /** A YAML syntax error at a line. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {
    }

    static Node parse(Reader in) throws IOException, SyntaxError {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node(Kind.NULL, 1, null, Map.of());
            }
            return value(p, t, line(p));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            String msg = e.getOriginalMessage();
            int nl = msg == null ? -1 : msg.indexOf('\n');
            throw new SyntaxError(line, "YAML syntax error: " + (nl < 0 ? msg : msg.substring(0, nl)));
        }
    }

    private static Node value(JsonParser p, JsonToken t, int line) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    JsonToken v = p.nextToken();
                    Node n = value(p, v, keyLine);
                    map.put(key, n);
                }
                return new Node(Kind.MAP, line, null, map);
            }
            case START_ARRAY -> {
                p.skipChildren();
                return new Node(Kind.LIST, line, null, Map.of());
            }
            case VALUE_NULL -> {
                return new Node(Kind.NULL, line, null, Map.of());
            }
            default -> {
                return new Node(Kind.SCALAR, line, p.getText(), Map.of());
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
