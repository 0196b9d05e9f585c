package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory, as its {@code ini} plugin reads it: hosts before any section are
 * ungrouped; {@code [group]} lists hosts ({@code name[:port]} or a range) with inline
 * {@code key=value} vars split as a shell would; {@code [group:vars]} sets group vars, each value
 * the rest of its line; {@code [group:children]} nests groups. A {@code :vars} or {@code :children}
 * section naming a group that is never declared is an error, as in Ansible. Comment lines start
 * with {@code #} or {@code ;}; a header or child may end with a {@code #} comment.
 */
final class AnsibleIniReader {

    private enum State { HOSTS, VARS, CHILDREN }

    private static final Pattern SECTION = Pattern.compile("\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?");
    private static final Pattern GROUP_NAME = Pattern.compile("([^:\\]\\s]+)\\s*(?:#.*)?");

    /** A group used before this file declares it: where, and for which parents. */
    private record Pending(int line, State state, List<String> parents) {
    }

    private final Path file;
    private final GroupTree tree;
    private final HostBudget budget;
    private final List<InventoryProblem> problems;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private AnsibleIniReader(Path file, GroupTree tree, HostBudget budget, List<InventoryProblem> problems) {
        this.file = file;
        this.tree = tree;
        this.budget = budget;
        this.problems = problems;
    }

    static void read(Path file, List<String> lines, GroupTree tree, HostBudget budget, List<InventoryProblem> problems) {
        new AnsibleIniReader(file, tree, budget, problems).read(lines);
    }

    private void read(List<String> lines) {
        String group = GroupTree.UNGROUPED;
        State state = State.HOSTS;
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                group = m.group(1);
                state = header(group, m.group(2), no);
                continue;
            }
            if (line.startsWith("[") && (line.endsWith("]") || line.indexOf(']') < 0)) {
                problems.add(new InventoryProblem(file, no, line.endsWith("]")
                        ? "bad section header '" + line + "' (no blanks or ':' in a group name; [group], [group:vars] or [group:children])"
                        : "section header '" + line + "' has no closing ']'"));
                state = null;
                continue;
            }
            if (state == null) {
                continue; // under a broken header: its lines would only add noise
            }
            switch (state) {
                case HOSTS -> hostLine(group, line, no);
                case VARS -> varLine(group, line, no);
                case CHILDREN -> childLine(group, line, no);
            }
        }
        pending.forEach((g, p) -> problems.add(new InventoryProblem(file, p.line(), p.state() == State.VARS
                ? "section [" + g + ":vars] is for a group that is never declared ([" + g + "] or [" + g + ":children])"
                : "section [" + p.parents().get(p.parents().size() - 1) + ":children] includes group '" + g
                        + "', which is never declared ([" + g + "] or [" + g + ":children])")));
    }

    /** The state a header starts, or null (after a problem) for an unknown section type. */
    private State header(String group, String kind, int no) {
        State state = kind == null ? State.HOSTS : switch (kind) {
            case "vars" -> State.VARS;
            case "children" -> State.CHILDREN;
            case "hosts" -> State.HOSTS;
            default -> null;
        };
        if (state == null) {
            problems.add(new InventoryProblem(file, no, "unknown section type ':" + kind
                    + "' (expected [group], [group:vars] or [group:children])"));
            return null;
        }
        if (!tree.hasGroup(group) && state == State.VARS && !pending.containsKey(group)) {
            pending.put(group, new Pending(no, state, List.of()));
        }
        tree.group(group);
        if (state != State.VARS) {
            pending.remove(group);
        }
        return state;
    }

    private void hostLine(String group, String line, int no) {
        List<String> tokens;
        try {
            tokens = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, no, "cannot split host line: " + e.getMessage()));
            return;
        }
        if (tokens.isEmpty()) {
            return;
        }
        String pattern = tokens.get(0);
        Map<String, Var> vars = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                problems.add(new InventoryProblem(file, no, "expected key=value after host '" + pattern + "', got '" + t + "'"));
                return;
            }
            put(vars, t.substring(0, eq), t.substring(eq + 1), no);
        }
        if (pattern.equals("---")) {
            problems.add(new InventoryProblem(file, no, "'---' as a host: is this YAML? (name it .yml)"));
            return;
        }
        HostDefinition d;
        try {
            d = HostDefinition.expand(pattern, true, budget);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(file, no, e.getMessage()));
            return;
        }
        for (int k = 0; k < d.names().size(); k++) {
            tree.addHost(group, d.names().get(k), d.port(), vars, file, no, d.ordinal() + k);
        }
    }

    private void varLine(String group, String line, int no) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            problems.add(new InventoryProblem(file, no, "expected key=value in [" + group + ":vars], got '" + line + "'"));
            return;
        }
        Map<String, Var> one = new LinkedHashMap<>();
        put(one, line.substring(0, eq).strip(), line.substring(eq + 1).strip(), no);
        one.forEach((k, v) -> tree.groupVar(group, k, v));
    }

    private void childLine(String group, String line, int no) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            problems.add(new InventoryProblem(file, no, "expected a group name in [" + group + ":children], got '" + line + "'"));
            return;
        }
        String child = m.group(1);
        if (!tree.hasGroup(child) || pending.containsKey(child)) {
            Pending p = pending.computeIfAbsent(child, c -> new Pending(no, State.CHILDREN, new ArrayList<>()));
            if (p.state() == State.CHILDREN) {
                p.parents().add(group);
            }
        }
        tree.child(group, child, file, no);
    }

    /** Python-literal decoding as Ansible's {@code _parse_value}; structured values are not ours to read. */
    private void put(Map<String, Var> vars, String key, String raw, int no) {
        PythonLiteral.Value v = PythonLiteral.eval(raw);
        if (!v.structured()) {
            vars.put(key, new Var(v.text(), file, no));
        }
    }
}
