package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges a host's vars from every level, lowest first, in Ansible's default order
 * ({@code VARIABLE_PRECEDENCE}, then host vars): inline vars of {@code all} and of the host's groups
 * (by depth, priority, name); group_vars/all; group_vars/GROUP in the same group order; the host's
 * inline vars; host_vars/HOST.
 */
final class VarsPrecedence {

    private VarsPrecedence() {
    }

    /**
     * The merged vars, or null when a vars file that applies is unusable (already reported). As in
     * Ansible, the sources' directories are the outer loop at each level, the groups the inner.
     */
    static Map<String, Var> merge(GroupTree.RawHost raw, VarsFiles files) {
        Map<String, Var> out = new LinkedHashMap<>(raw.groupVars());
        for (Path dir : files.dirs()) {
            if (!add(out, files.group(dir, GroupTree.ALL))) {
                return null;
            }
        }
        for (Path dir : files.dirs()) {
            for (String g : raw.varGroups()) {
                if (!add(out, files.group(dir, g))) {
                    return null;
                }
            }
        }
        out.putAll(raw.hostVars());
        for (Path dir : files.dirs()) {
            if (!add(out, files.host(dir, raw.name()))) {
                return null;
            }
        }
        return out;
    }

    private static boolean add(Map<String, Var> into, Map<String, Var> vars) {
        if (vars == null) {
            return false;
        }
        into.putAll(vars);
        return true;
    }
}
