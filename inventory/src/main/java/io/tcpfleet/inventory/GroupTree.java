package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's model, filled by the INI and YAML readers: groups with vars, children and hosts.
 * {@link #hosts} flattens it the way Ansible does: a host belongs to its groups and all their
 * ancestors; vars apply from {@code all}, then by group depth (parents before children, then by
 * name), then the host's own.
 */
final class GroupTree {

    /** A host as the inventory wrote it, before ssh_config and defaults. */
    record RawHost(String name, Map<String, String> vars, Set<String> groups, Path file, int line) {
    }

    private static final class Group {
        final Map<String, String> vars = new LinkedHashMap<>();
        final Set<String> children = new HashSet<>();
        final Set<String> hosts = new HashSet<>();
    }

    private final Path file;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
    private final Map<String, Integer> hostLines = new HashMap<>();

    GroupTree(Path file) {
        this.file = file;
        group("all");
    }

    void group(String name) {
        groups.computeIfAbsent(name, n -> new Group());
    }

    void addHost(String group, String host, Map<String, String> vars, int line) {
        group(group);
        groups.get(group).hosts.add(host);
        hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
        hostLines.putIfAbsent(host, line);
    }

    void groupVar(String group, String key, String value) {
        group(group);
        groups.get(group).vars.put(key, value);
    }

    void child(String parent, String child) {
        group(parent);
        group(child);
        groups.get(parent).children.add(child);
    }

    /** Flattens groups; a cycle among children is a problem (at line 0) and breaks nothing else. */
    List<RawHost> hosts(List<InventoryProblem> problems) {
        Map<String, Set<String>> parents = new HashMap<>();
        groups.forEach((name, g) -> g.children.forEach(c -> parents.computeIfAbsent(c, k -> new HashSet<>()).add(name)));
        Map<String, Integer> depth = new HashMap<>();
        for (String g : groups.keySet()) {
            depth(g, parents, depth, new HashSet<>(), problems);
        }
        List<RawHost> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : hostVars.entrySet()) {
            String host = e.getKey();
            Set<String> member = new HashSet<>();
            member.add("all");
            Deque<String> todo = new ArrayDeque<>();
            groups.forEach((name, g) -> {
                if (g.hosts.contains(host)) {
                    todo.add(name);
                }
            });
            while (!todo.isEmpty()) {
                String g = todo.pop();
                if (member.add(g)) {
                    todo.addAll(parents.getOrDefault(g, Set.of()));
                }
            }
            Map<String, String> vars = new LinkedHashMap<>();
            member.stream()
                    .sorted(Comparator.comparingInt((String g) -> g.equals("all") ? -1 : depth.getOrDefault(g, 1))
                            .thenComparing(Comparator.naturalOrder()))
                    .forEach(g -> vars.putAll(groups.get(g).vars));
            vars.putAll(e.getValue());
            out.add(new RawHost(host, vars, member, file, hostLines.getOrDefault(host, 0)));
        }
        return out;
    }

    private int depth(String g, Map<String, Set<String>> parents, Map<String, Integer> depth, Set<String> path,
                      List<InventoryProblem> problems) {
        Integer known = depth.get(g);
        if (known != null) {
            return known;
        }
        if (!path.add(g)) {
            problems.add(new InventoryProblem(file, 0, "group '" + g + "' is its own ancestor (a :children cycle)"));
            return 1;
        }
        int d = 1;
        for (String p : parents.getOrDefault(g, Set.of())) {
            if (!p.equals("all")) {
                d = Math.max(d, depth(p, parents, depth, path, problems) + 1);
            }
        }
        path.remove(g);
        depth.put(g, d);
        return d;
    }
}
