package io.tcpfleet.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document as nested maps, lists and scalars that remember their line, so that
 * every inventory error can name it (Jackson's tree model forgets locations). Jackson parses both.
 * YAML anchors and aliases of mappings and lists, and merge keys ({@code <<: *defaults}), resolve
 * as in PyYAML, which Ansible uses: Jackson's streaming parser reports them but does not resolve
 * them. It does not report the anchor of a single value, so an alias to one is an error.
 */
final class YamlTree {

    enum Kind { MAP, LIST, SCALAR, NULL }

    /** A value and the line it (or its key) is on; {@code map} or {@code list} hold the children. */
    record Node(Kind kind, int line, String text, Map<String, Node> map, List<Node> list) {
        static Node empty(int line) {
            return new Node(Kind.NULL, line, null, Map.of(), List.of());
        }

        String kindName() {
            return kind == Kind.MAP ? "mapping" : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A syntax error at a line. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();

    private YamlTree() {
    }

    static Node parseYaml(String content) throws SyntaxError {
        return parse(YAML, content, "YAML");
    }

    static Node parseJson(String content) throws SyntaxError {
        return parse(JSON, content, "JSON");
    }

    private static Node parse(JsonFactory factory, String content, String format) throws SyntaxError {
        try (JsonParser p = factory.createParser(new StringReader(content))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Node.empty(1);
            }
            return value(p, t, line(p), new HashMap<>());
        } catch (JsonProcessingException e) {
            throw new SyntaxError(errorLine(e), format + " syntax error: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SyntaxError(0, format + " error: " + e.getMessage()); // a StringReader does no I/O
        }
    }

    private static Node value(JsonParser p, JsonToken t, int line, Map<String, Node> anchors) throws IOException {
        YAMLParser yaml = p instanceof YAMLParser y ? y : null;
        if (yaml != null && yaml.isCurrentAlias()) {
            Node anchored = anchors.get(p.getText());
            if (anchored == null) { // SnakeYAML has checked it is defined: Jackson hides scalar anchors
                throw new JsonParseException(p, "alias *" + p.getText() + " to a single value: tcpfleet resolves aliases"
                        + " to mappings and lists only; write the value itself");
            }
            return anchored; // with the anchor's line: that is where the values are written
        }
        String anchor = yaml != null ? yaml.getObjectId() : null;
        Node node = switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                List<Node> merged = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    Node v = value(p, p.nextToken(), keyLine, anchors);
                    if (yaml != null && key.equals("<<")) {
                        merged.addAll(v.kind() == Kind.LIST ? v.list() : List.of(v));
                    } else {
                        map.put(key, v);
                    }
                }
                // A merge key adds the entries the mapping does not set itself; earlier sources first.
                for (Node m : merged) {
                    m.map().forEach(map::putIfAbsent);
                }
                yield new Node(Kind.MAP, line, null, map, List.of());
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(value(p, i, line(p), anchors));
                }
                yield new Node(Kind.LIST, line, null, Map.of(), items);
            }
            case VALUE_NULL -> Node.empty(line);
            default -> new Node(Kind.SCALAR, line, p.getText(), Map.of(), List.of());
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** SnakeYAML knows where the problem is; Jackson's own location is where its context began. */
    private static int errorLine(JsonProcessingException e) {
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return m.getProblemMark().getLine() + 1;
        }
        return e.getLocation() != null ? e.getLocation().getLineNr() : 0;
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "unreadable";
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
