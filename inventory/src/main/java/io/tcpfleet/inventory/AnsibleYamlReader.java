package io.tcpfleet.inventory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's YAML inventory: top-level keys are groups (usually just {@code all}); a group has
 * {@code hosts} (name: vars or nothing), {@code vars} and {@code children} (more groups).
 */
final class AnsibleYamlReader {

    private AnsibleYamlReader() {
    }

    static GroupTree read(Path file, String content, List<InventoryProblem> problems) {
        GroupTree tree = new GroupTree(file);
        YamlTree.Node root;
        try {
            root = YamlTree.parse(new StringReader(content));
        } catch (YamlTree.SyntaxError e) {
            problems.add(new InventoryProblem(file, e.line, e.getMessage()));
            return tree;
        } catch (IOException e) {
            problems.add(new InventoryProblem(file, 0, e.getMessage()));
            return tree;
        }
        if (root.kind() == YamlTree.Kind.NULL) {
            return tree;
        }
        if (root.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, root.line(), "expected groups (a mapping like 'all:'), got a "
                    + root.kind().name().toLowerCase(java.util.Locale.ROOT)));
            return tree;
        }
        root.map().forEach((name, node) -> group(tree, name, node, file, problems));
        return tree;
    }

    private static void group(GroupTree tree, String name, YamlTree.Node node, Path file, List<InventoryProblem> problems) {
        tree.group(name);
        if (node.kind() == YamlTree.Kind.NULL) {
            return;
        }
        if (node.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, node.line(), "group '" + name + "' must be a mapping with hosts, vars or children"));
            return;
        }
        for (Map.Entry<String, YamlTree.Node> e : node.map().entrySet()) {
            YamlTree.Node v = e.getValue();
            switch (e.getKey()) {
                case "hosts" -> {
                    if (v.kind() == YamlTree.Kind.MAP) {
                        v.map().forEach((host, hv) -> host(tree, name, host, hv, file, problems));
                    } else if (v.kind() != YamlTree.Kind.NULL) {
                        problems.add(new InventoryProblem(file, v.line(), "'hosts' of group '" + name
                                + "' must be a mapping of host names (host: or host: {vars})"));
                    }
                }
                case "vars" -> {
                    Map<String, String> vars = vars(v, "vars of group '" + name + "'", file, problems);
                    vars.forEach((k, val) -> tree.groupVar(name, k, val));
                }
                case "children" -> {
                    if (v.kind() == YamlTree.Kind.MAP) {
                        v.map().forEach((child, cv) -> {
                            tree.child(name, child);
                            group(tree, child, cv, file, problems);
                        });
                    } else if (v.kind() != YamlTree.Kind.NULL) {
                        problems.add(new InventoryProblem(file, v.line(), "'children' of group '" + name + "' must be a mapping of groups"));
                    }
                }
                default -> problems.add(new InventoryProblem(file, v.line(), "unexpected key '" + e.getKey()
                        + "' in group '" + name + "' (expected hosts, vars or children)"));
            }
        }
    }

    private static void host(GroupTree tree, String group, String pattern, YamlTree.Node node, Path file,
                             List<InventoryProblem> problems) {
        Map<String, String> vars = vars(node, "vars of host '" + pattern + "'", file, problems);
        List<String> names;
        try {
            names = HostRange.expand(pattern);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, node.line(), e.getMessage()));
            return;
        }
        names.forEach(n -> tree.addHost(group, n, vars, node.line()));
    }

    /** Scalar vars as text; structured values (lists, maps) are not ours to read and are skipped. */
    private static Map<String, String> vars(YamlTree.Node node, String what, Path file, List<InventoryProblem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.kind() == YamlTree.Kind.NULL) {
            return out;
        }
        if (node.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, node.line(), what + " must be a mapping (key: value)"));
            return out;
        }
        node.map().forEach((k, v) -> {
            if (v.kind() == YamlTree.Kind.SCALAR) {
                out.put(k, v.text());
            }
        });
        return out;
    }
}
