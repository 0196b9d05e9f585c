package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's INI inventory: hosts before any section are ungrouped; {@code [group]} lists hosts with
 * inline {@code key=value} vars; {@code [group:vars]} sets group vars; {@code [group:children]}
 * nests groups. Comments start with {@code #} or {@code ;}.
 */
final class AnsibleIniReader {

    private enum Section { HOSTS, VARS, CHILDREN }

    private AnsibleIniReader() {
    }

    static GroupTree read(Path file, List<String> lines, List<InventoryProblem> problems) {
        GroupTree tree = new GroupTree(file);
        String group = "ungrouped";
        Section section = Section.HOSTS;
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    problems.add(new InventoryProblem(file, no, "section header '" + line + "' has no closing ']'"));
                    section = null;
                    continue;
                }
                String head = line.substring(1, line.length() - 1).strip();
                int colon = head.indexOf(':');
                group = colon < 0 ? head : head.substring(0, colon);
                String kind = colon < 0 ? "" : head.substring(colon + 1);
                section = switch (kind) {
                    case "" -> Section.HOSTS;
                    case "vars" -> Section.VARS;
                    case "children" -> Section.CHILDREN;
                    default -> null;
                };
                if (group.isEmpty() || !group.matches("[A-Za-z0-9_.-]+")) {
                    problems.add(new InventoryProblem(file, no, "bad group name '" + group + "'"));
                    section = null;
                } else if (section == null) {
                    problems.add(new InventoryProblem(file, no, "unknown section type ':" + kind
                            + "' (expected [group], [group:vars] or [group:children])"));
                } else {
                    tree.group(group);
                }
                continue;
            }
            if (section == null) {
                continue; // the broken header was reported; its lines would only add noise
            }
            switch (section) {
                case HOSTS -> hostLine(tree, group, line, file, no, problems);
                case VARS -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        problems.add(new InventoryProblem(file, no, "expected key=value in [" + group + ":vars], got '" + line + "'"));
                    } else {
                        tree.groupVar(group, line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
                    }
                }
                case CHILDREN -> {
                    if (!line.matches("[A-Za-z0-9_.-]+")) {
                        problems.add(new InventoryProblem(file, no, "expected a group name in [" + group + ":children], got '" + line + "'"));
                    } else {
                        tree.child(group, line);
                    }
                }
            }
        }
        return tree;
    }

    private static void hostLine(GroupTree tree, String group, String line, Path file, int no,
                                 List<InventoryProblem> problems) {
        List<String> tokens;
        try {
            tokens = tokens(line);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, no, e.getMessage()));
            return;
        }
        String pattern = tokens.get(0);
        Map<String, String> vars = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                problems.add(new InventoryProblem(file, no, "expected key=value after host '" + pattern + "', got '" + t + "'"));
                return;
            }
            vars.put(t.substring(0, eq), unquote(t.substring(eq + 1)));
        }
        // Ansible allows host:port here (not for IPv6 literals, which have several colons).
        // Only a single colon after any [range] counts: web[01:03]:2200, not 2001:db8::1.
        int afterRanges = pattern.lastIndexOf(']') + 1;
        int colon = pattern.indexOf(':', afterRanges);
        if (colon > 0 && pattern.lastIndexOf(':') == colon) {
            String port = pattern.substring(colon + 1);
            if (HostVars.port(port) == null) {
                problems.add(new InventoryProblem(file, no, "bad port '" + port + "' in '" + pattern + "'"));
                return;
            }
            vars.putIfAbsent("ansible_port", port);
            pattern = pattern.substring(0, colon);
        }
        List<String> names;
        try {
            names = HostRange.expand(pattern);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, no, e.getMessage()));
            return;
        }
        for (String name : names) {
            tree.addHost(group, name, vars, no);
        }
    }

    /** Splits on blanks, keeping quoted values whole ({@code a="x y"}). */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else if (c == '#' && cur.length() == 0) {
                break; // a trailing comment
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
