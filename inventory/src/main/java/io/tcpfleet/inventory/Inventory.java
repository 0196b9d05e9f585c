package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The hosts an inventory defines, and everything wrong with it. */
public record Inventory(List<InventoryHost> hosts, List<InventoryProblem> problems) {

    public Inventory {
        hosts = List.copyOf(hosts);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Every group some host belongs to. */
    public Set<String> groups() {
        Set<String> all = new TreeSet<>();
        hosts.forEach(h -> all.addAll(h.groups()));
        return all;
    }

    /**
     * The hosts of {@code group} (null: all) that match {@code limit} (null: no limit), in
     * inventory order. {@code limit} is an Ansible host pattern, see {@link HostPattern}. An unknown
     * group selects nothing (check {@link #groups()} to tell the user).
     *
     * @throws IllegalArgumentException for a {@code ~regex} term that does not compile
     */
    public List<Host> select(String group, String limit) {
        HostPattern pattern = limit == null || limit.isBlank() ? null : HostPattern.parse(limit);
        List<Host> out = new ArrayList<>();
        for (InventoryHost h : hosts) {
            if ((group == null || h.groups().contains(group)) && (pattern == null || pattern.matches(h))) {
                out.add(h.host());
            }
        }
        return out;
    }

    /**
     * Each host's groups by host name, the most specific first, without {@code all} (every host is
     * in it): the group with the fewest hosts first (a child group never has more hosts than its
     * parent), then by name. What Zabbix host discovery files a host under.
     */
    public Map<String, List<String>> groupsBySpecificity() {
        Map<String, Integer> size = new HashMap<>();
        hosts.forEach(h -> h.groups().forEach(g -> size.merge(g, 1, Integer::sum)));
        Comparator<String> specific = Comparator.comparingInt((String g) -> size.get(g)).thenComparing(Comparator.naturalOrder());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (InventoryHost h : hosts) {
            out.put(h.host().name(), h.groups().stream().filter(g -> !g.equals(GroupTree.ALL)).sorted(specific).toList());
        }
        return out;
    }
}
