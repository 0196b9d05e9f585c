package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's YAML inventory, as its {@code yaml} plugin reads it: top-level keys are groups
 * (usually just {@code all}); a group has {@code hosts} (a mapping of host patterns, each to its
 * vars or nothing), {@code vars} and {@code children} (more groups). A plain string where a mapping
 * is expected names one entry, as Ansible allows. Also reads JSON written in this shape.
 */
final class AnsibleYamlReader {

    private final Path file;
    private final GroupTree tree;
    private final HostBudget budget;
    private final List<InventoryProblem> problems;

    private AnsibleYamlReader(Path file, GroupTree tree, HostBudget budget, List<InventoryProblem> problems) {
        this.file = file;
        this.tree = tree;
        this.budget = budget;
        this.problems = problems;
    }

    static void read(Path file, YamlTree.Node root, GroupTree tree, HostBudget budget, List<InventoryProblem> problems) {
        if (root.kind() == YamlTree.Kind.NULL) {
            return; // an empty file: no hosts yet
        }
        if (root.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, root.line(), "expected groups (a mapping like 'all:'), got a " + root.kindName()));
            return;
        }
        AnsibleYamlReader r = new AnsibleYamlReader(file, tree, budget, problems);
        root.map().forEach(r::group);
    }

    /** An inventory plugin's configuration ({@code plugin: aws_ec2}) is no inventory: says so, with what to do. */
    static boolean isPluginConfig(Path file, YamlTree.Node root, List<InventoryProblem> problems) {
        YamlTree.Node plugin = root.kind() == YamlTree.Kind.MAP ? root.map().get("plugin") : null;
        if (plugin == null || plugin.kind() != YamlTree.Kind.SCALAR) {
            return false;
        }
        problems.add(new InventoryProblem(file, plugin.line(), "an inventory plugin's configuration (plugin: " + plugin.text()
                + "): tcpfleet does not run plugins; give it their output: ansible-inventory -i " + file + " --list | tcpfleet ... -i -"));
        return true;
    }

    private void group(String name, YamlTree.Node node) {
        if (node.kind() != YamlTree.Kind.NULL && node.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, node.line(), "group '" + name + "' must be a mapping with hosts, vars or children"));
            return;
        }
        tree.group(name);
        for (Map.Entry<String, YamlTree.Node> e : node.map().entrySet()) {
            YamlTree.Node v = e.getValue();
            switch (e.getKey()) {
                case "hosts" -> entries(v, "'hosts' of group '" + name + "'").forEach((pattern, hv) -> host(name, pattern, hv));
                case "vars" -> vars(v, "vars of group '" + name + "'").forEach((k, val) -> tree.groupVar(name, k, val));
                case "children" -> entries(v, "'children' of group '" + name + "'").forEach((child, cv) -> {
                    group(child, cv);
                    tree.child(name, child, file, cv.line());
                });
                default -> problems.add(new InventoryProblem(file, v.line(), "unexpected key '" + e.getKey()
                        + "' in group '" + name + "' (expected hosts, vars or children)"));
            }
        }
    }

    private void host(String group, String pattern, YamlTree.Node node) {
        if (node.kind() != YamlTree.Kind.NULL && node.kind() != YamlTree.Kind.MAP) {
            // "web3: 10.0.0.3" looks like an address, but Ansible rejects it: guessing could connect elsewhere
            problems.add(new InventoryProblem(file, node.line(), "vars of host '" + pattern
                    + "' must be a mapping (key: value), e.g. '" + pattern + ": {ansible_host: ...}'"));
            return;
        }
        Map<String, Var> vars = vars(node, "vars of host '" + pattern + "'");
        HostDefinition d;
        try {
            d = HostDefinition.expand(pattern, false, budget);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, node.line(), e.getMessage()));
            return;
        }
        for (int k = 0; k < d.names().size(); k++) {
            tree.addHost(group, d.names().get(k), d.port(), vars, file, node.line(), d.ordinal() + k);
        }
    }

    /** A mapping's entries; a plain string is one entry with no value, as Ansible allows. */
    private Map<String, YamlTree.Node> entries(YamlTree.Node node, String what) {
        return switch (node.kind()) {
            case MAP -> node.map();
            case NULL -> Map.of();
            case SCALAR -> Map.of(node.text(), YamlTree.Node.empty(node.line()));
            case LIST -> {
                problems.add(new InventoryProblem(file, node.line(), what + " must be a mapping, not a list"));
                yield Map.of();
            }
        };
    }

    /** Scalar vars as text (null for a YAML null); lists and mappings are not ours to read. */
    private Map<String, Var> vars(YamlTree.Node node, String what) {
        Map<String, Var> out = new LinkedHashMap<>();
        entries(node, what).forEach((k, v) -> {
            if (v.kind() == YamlTree.Kind.SCALAR || v.kind() == YamlTree.Kind.NULL) {
                out.put(k, new Var(v.text(), file, v.line()));
            }
        });
        return out;
    }
}
