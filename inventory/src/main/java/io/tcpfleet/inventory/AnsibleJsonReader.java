package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON that {@code ansible-inventory --list}, dynamic inventory scripts and inventory plugins
 * print, read as Ansible's {@code script} plugin reads it: each top-level key is a group with
 * {@code hosts} (a list of names, taken verbatim), {@code vars} and {@code children} (a list of
 * groups), or just a list of hosts; {@code _meta.hostvars} holds each host's vars.
 */
final class AnsibleJsonReader {

    private static final String META = "_meta";

    private AnsibleJsonReader() {
    }

    /** Whether {@code root} is in this format rather than the YAML inventory's shape written as JSON. */
    static boolean recognises(YamlTree.Node root) {
        if (root.kind() != YamlTree.Kind.MAP) {
            return false;
        }
        return root.map().containsKey(META) || root.map().values().stream().anyMatch(g -> g.kind() == YamlTree.Kind.LIST
                || (g.kind() == YamlTree.Kind.MAP && (isList(g.map().get("hosts")) || isList(g.map().get("children")))));
    }

    private static boolean isList(YamlTree.Node n) {
        return n != null && n.kind() == YamlTree.Kind.LIST;
    }

    static void read(Path file, YamlTree.Node root, GroupTree tree, HostBudget budget, List<InventoryProblem> problems) {
        Set<String> listed = new LinkedHashSet<>();
        root.map().forEach((group, data) -> {
            if (!group.equals(META)) {
                group(file, group, data, tree, budget, problems, listed);
            }
        });
        YamlTree.Node meta = root.map().get(META);
        YamlTree.Node hostvars = meta == null ? null : meta.map().get("hostvars");
        if (hostvars == null || hostvars.kind() == YamlTree.Kind.NULL) {
            return; // Ansible would now run the script with --host for each host; a file has no more to say
        }
        if (hostvars.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, hostvars.line(), "_meta.hostvars must be an object of host names"));
            return;
        }
        for (String host : listed) {
            YamlTree.Node vars = hostvars.map().get(host);
            if (vars == null || vars.kind() == YamlTree.Kind.NULL) {
                continue;
            }
            if (vars.kind() != YamlTree.Kind.MAP) {
                problems.add(new InventoryProblem(file, vars.line(), "_meta.hostvars of '" + host + "' must be an object"));
                continue;
            }
            tree.hostVars(host, scalars(file, vars));
        }
    }

    private static void group(Path file, String group, YamlTree.Node data, GroupTree tree, HostBudget budget,
                              List<InventoryProblem> problems, Set<String> listed) {
        tree.group(group);
        YamlTree.Node hosts;
        YamlTree.Node vars = null;
        YamlTree.Node children = null;
        if (data.kind() != YamlTree.Kind.MAP) {
            hosts = data;
        } else if (!data.map().containsKey("hosts") && !data.map().containsKey("vars") && !data.map().containsKey("children")) {
            // Ansible's short form: a group mapping with none of these keys is one host of that name with those vars
            hosts = new YamlTree.Node(YamlTree.Kind.LIST, data.line(), null, Map.of(),
                    List.of(new YamlTree.Node(YamlTree.Kind.SCALAR, data.line(), group, Map.of(), List.of())));
            vars = data;
        } else {
            hosts = data.map().get("hosts");
            vars = data.map().get("vars");
            children = data.map().get("children");
        }
        if (hosts != null && hosts.kind() != YamlTree.Kind.NULL) {
            if (hosts.kind() != YamlTree.Kind.LIST) {
                problems.add(new InventoryProblem(file, hosts.line(), "hosts of group '" + group + "' must be a list of names"));
            } else {
                for (YamlTree.Node h : hosts.list()) {
                    int ordinal = budget.take(1);
                    if (h.kind() != YamlTree.Kind.SCALAR || h.text().isEmpty()) {
                        problems.add(new InventoryProblem(file, h.line(), "a host of group '" + group + "' must be a name"));
                    } else if (ordinal < 0) {
                        problems.add(new InventoryProblem(file, h.line(), "one host too many: " + budget.limit()));
                        return;
                    } else {
                        tree.addHost(group, h.text(), null, Map.of(), file, h.line(), ordinal);
                        listed.add(h.text());
                    }
                }
            }
        }
        if (vars != null && vars.kind() != YamlTree.Kind.NULL) {
            if (vars.kind() != YamlTree.Kind.MAP) {
                problems.add(new InventoryProblem(file, vars.line(), "vars of group '" + group + "' must be an object"));
            } else {
                scalars(file, vars).forEach((k, v) -> tree.groupVar(group, k, v));
            }
        }
        if (children != null && children.kind() != YamlTree.Kind.NULL) {
            List<YamlTree.Node> names = children.kind() == YamlTree.Kind.LIST ? children.list() : List.of(children);
            for (YamlTree.Node c : names) {
                if (c.kind() != YamlTree.Kind.SCALAR) {
                    problems.add(new InventoryProblem(file, c.line(), "children of group '" + group + "' must be a list of group names"));
                } else {
                    tree.child(group, c.text(), file, c.line());
                }
            }
        }
    }

    private static Map<String, Var> scalars(Path file, YamlTree.Node vars) {
        Map<String, Var> out = new LinkedHashMap<>();
        vars.map().forEach((k, v) -> {
            if (v.kind() == YamlTree.Kind.SCALAR || v.kind() == YamlTree.Kind.NULL) {
                out.put(k, new Var(v.text(), file, v.line()));
            }
        });
        return out;
    }
}
