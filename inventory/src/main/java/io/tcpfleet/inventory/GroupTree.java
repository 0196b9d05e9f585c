package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's inventory model, filled by the INI, YAML and JSON readers of every source of one load
 * (groups and hosts of several files merge, as in Ansible): groups with vars, children and hosts.
 * {@link #hosts} flattens it as Ansible does: a host belongs to its groups and all their ancestors;
 * {@code ungrouped} holds exactly the hosts in no other group; group vars apply from {@code all},
 * then by depth, {@code ansible_group_priority} and name.
 */
final class GroupTree {

    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";
    private static final String PRIORITY = "ansible_group_priority";

    /**
     * A host as the inventory files wrote it, before vars files, ssh_config and defaults.
     *
     * @param groups    every group it belongs to, with {@code all}
     * @param varGroups its groups but {@code all}, in the order their vars apply
     * @param groupVars the inline vars of {@code all} and then of {@code varGroups}, merged
     * @param hostVars  its own inline vars
     * @param ordinal   its place in inventory order
     */
    record RawHost(String name, Set<String> groups, List<String> varGroups, Map<String, Var> groupVars,
                   Map<String, Var> hostVars, Path file, int line, int ordinal) {
    }

    private static final class Group {
        final Map<String, Var> vars = new LinkedHashMap<>();
        final Map<String, Var> children = new LinkedHashMap<>(); // child name -> where it is listed
        final Set<String> hosts = new LinkedHashSet<>();
    }

    private record Entry(Map<String, Var> vars, Path file, int line, int ordinal) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Entry> hosts = new LinkedHashMap<>();

    GroupTree() {
        group(ALL);
        group(UNGROUPED);
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    void group(String name) {
        groups.computeIfAbsent(name, n -> new Group());
    }

    /**
     * Adds {@code host} to {@code group}. As Ansible's {@code add_host}, the port of a
     * {@code host:port} pattern counts only where the host first appears; {@code vars} then apply.
     */
    void addHost(String group, String host, Integer port, Map<String, Var> vars, Path file, int line, int ordinal) {
        group(group);
        groups.get(group).hosts.add(host);
        Entry e = hosts.get(host);
        if (e == null) {
            e = new Entry(new LinkedHashMap<>(), file, line, ordinal);
            hosts.put(host, e);
            if (port != null) {
                e.vars().put("ansible_port", new Var(port.toString(), file, line));
            }
        }
        e.vars().putAll(vars);
    }

    /** More inline vars for a host already added (a JSON inventory's {@code _meta.hostvars}). */
    void hostVars(String host, Map<String, Var> vars) {
        hosts.get(host).vars().putAll(vars);
    }

    void groupVar(String group, String key, Var value) {
        group(group);
        groups.get(group).vars.put(key, value);
    }

    void child(String parent, String child, Path file, int line) {
        group(parent);
        group(child);
        groups.get(parent).children.putIfAbsent(child, new Var(child, file, line));
    }

    /** Flattens the tree; a cycle among children is a problem at the entry closing it, which is then ignored. */
    List<RawHost> hosts(List<InventoryProblem> problems) {
        Set<String> cycleEdges = new HashSet<>(); // "parent\nchild"
        Set<String> done = new HashSet<>();
        for (String g : groups.keySet()) {
            findCycles(g, new LinkedHashSet<>(), done, cycleEdges, problems);
        }
        Map<String, Set<String>> parents = new HashMap<>();
        groups.forEach((name, g) -> g.children.forEach((c, where) -> {
            if (!cycleEdges.contains(name + "\n" + c)) {
                parents.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(name);
            }
        }));
        Map<String, Integer> depth = new HashMap<>();
        groups.keySet().forEach(g -> depth(g, parents, depth));
        Map<String, Integer> priority = priorities(problems);
        Comparator<String> order = Comparator.comparingInt((String g) -> depth.get(g))
                .thenComparingInt(priority::get).thenComparing(Comparator.naturalOrder());
        Map<String, List<String>> direct = new HashMap<>();
        groups.forEach((name, g) -> g.hosts.forEach(h -> direct.computeIfAbsent(h, k -> new ArrayList<>()).add(name)));
        List<RawHost> out = new ArrayList<>();
        hosts.forEach((host, e) -> {
            Set<String> member = ancestors(direct.getOrDefault(host, List.of()), parents);
            member.remove(ALL);
            member.remove(UNGROUPED);
            if (member.isEmpty()) {
                member.add(UNGROUPED);
            }
            List<String> varGroups = member.stream().sorted(order).toList();
            Map<String, Var> groupVars = new LinkedHashMap<>(groups.get(ALL).vars);
            varGroups.forEach(g -> groupVars.putAll(groups.get(g).vars));
            member.add(ALL);
            out.add(new RawHost(host, member, varGroups, groupVars, e.vars(), e.file(), e.line(), e.ordinal()));
        });
        return out;
    }

    private static Set<String> ancestors(List<String> direct, Map<String, Set<String>> parents) {
        Set<String> member = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(direct);
        while (!todo.isEmpty()) {
            String g = todo.pop();
            if (member.add(g)) {
                todo.addAll(parents.getOrDefault(g, Set.of()));
            }
        }
        return member;
    }

    /** ansible_group_priority of each group (default 1), from its inline vars only, as in Ansible. */
    private Map<String, Integer> priorities(List<InventoryProblem> problems) {
        Map<String, Integer> out = new HashMap<>();
        groups.forEach((name, g) -> {
            int p = 1;
            Var v = g.vars.get(PRIORITY);
            if (v != null && v.value() != null) {
                try {
                    p = Integer.parseInt(v.value().strip());
                } catch (NumberFormatException e) {
                    problems.add(new InventoryProblem(v.file(), v.line(), "bad " + PRIORITY + " '" + v.value() + "': not a number"));
                }
            }
            out.put(name, p);
        });
        return out;
    }

    /** Depth-first along children in file order; an entry leading back onto the path closes a cycle. */
    private void findCycles(String g, Set<String> path, Set<String> done, Set<String> cycleEdges,
                            List<InventoryProblem> problems) {
        if (done.contains(g)) {
            return;
        }
        path.add(g);
        for (Map.Entry<String, Var> child : groups.get(g).children.entrySet()) {
            String c = child.getKey();
            if (path.contains(c)) {
                cycleEdges.add(g + "\n" + c);
                problems.add(new InventoryProblem(child.getValue().file(), child.getValue().line(), "group '" + g
                        + "' lists '" + c + "' as a child, but '" + c + "' is already an ancestor of '" + g
                        + "' (a children cycle; this entry is ignored)"));
            } else {
                findCycles(c, path, done, cycleEdges, problems);
            }
        }
        path.remove(g);
        done.add(g);
    }

    /** Length of the longest parent chain up to {@code all} (depth 0); children outrank parents. */
    private static int depth(String g, Map<String, Set<String>> parents, Map<String, Integer> depth) {
        Integer known = depth.get(g);
        if (known != null) {
            return known;
        }
        int d = g.equals(ALL) ? 0 : 1;
        for (String p : parents.getOrDefault(g, Set.of())) {
            if (!p.equals(ALL)) {
                d = Math.max(d, depth(p, parents, depth) + 1);
            }
        }
        depth.put(g, d);
        return d;
    }
}
