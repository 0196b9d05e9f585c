package io.tcpfleet.inventory;

import io.tcpfleet.model.Endpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A host list: one {@code [user@]host[:port]} per line ({@code [addr]:port} for IPv6), {@code #} comments. */
final class PlainListReader {

    private PlainListReader() {
    }

    static GroupTree read(Path file, List<String> lines, List<InventoryProblem> problems) {
        GroupTree tree = new GroupTree(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String spec = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (spec.isEmpty()) {
                continue;
            }
            if (spec.split("\\s+").length > 1) {
                problems.add(new InventoryProblem(file, i + 1, "one host per line, [user@]host[:port]; got '" + spec + "'"));
                continue;
            }
            entry(tree, "ungrouped", spec, file, i + 1, problems);
        }
        return tree;
    }

    /** Adds one {@code [user@]host[:port]} to the tree, or a problem saying why it cannot. */
    static void entry(GroupTree tree, String group, String spec, Path file, int line, List<InventoryProblem> problems) {
        Endpoint e;
        try {
            e = Endpoint.parse(spec, null);
        } catch (IllegalArgumentException ex) {
            problems.add(new InventoryProblem(file, line, ex.getMessage()));
            return;
        }
        if (!e.host().matches("[A-Za-z0-9_.:%-]+")) {
            problems.add(new InventoryProblem(file, line, "'" + e.host() + "' is not a host name or address"));
            return;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        if (e.user() != null) {
            vars.put("ansible_user", e.user());
        }
        if (spec.matches(".*(:\\d+)$") && (spec.indexOf(':') == spec.lastIndexOf(':') || spec.contains("]:"))) {
            vars.put("ansible_port", Integer.toString(e.port()));
        }
        tree.addHost(group, e.host(), vars, line);
    }
}
