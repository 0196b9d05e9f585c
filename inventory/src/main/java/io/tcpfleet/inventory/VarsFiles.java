package io.tcpfleet.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * group_vars/ and host_vars/ next to the inventory sources, found as Ansible's
 * {@code host_group_vars} plugin finds them: for a name, the first of {@code NAME},
 * {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} that exists; when that is a directory,
 * its files (no extension, or one of those three; not hidden, not ending in {@code ~}) in sorted
 * order, subdirectories included, merged in that order. Each file is read once per load.
 */
final class VarsFiles {

    private static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");
    private static final String VAULT = "$ANSIBLE_VAULT;";

    private final List<Path> dirs;
    private final List<InventoryProblem> problems;
    private final Map<Path, Boolean> existing = new HashMap<>(); // group_vars/, host_vars/: exist?
    private final Map<String, List<Path>> found = new HashMap<>();
    private final Map<Path, Map<String, Var>> parsed = new HashMap<>(); // null value: unreadable

    /** {@code dirs}: one per inventory source, in source order (a directory may repeat). */
    VarsFiles(List<Path> dirs, List<InventoryProblem> problems) {
        this.dirs = List.copyOf(dirs);
        this.problems = problems;
    }

    /** The vars directories, one per inventory source, in source order. */
    List<Path> dirs() {
        return dirs;
    }

    /** The vars {@code dir}/group_vars/{@code group} gives; null if a file there is unusable (reported). */
    Map<String, Var> group(Path dir, String group) {
        return vars(dir, "group_vars", group);
    }

    /** The vars {@code dir}/host_vars/{@code host} gives; null if a file there is unusable (reported). */
    Map<String, Var> host(Path dir, String host) {
        return vars(dir, "host_vars", host);
    }

    private Map<String, Var> vars(Path dir, String kind, String name) {
        Map<String, Var> out = new LinkedHashMap<>();
        if (name.contains("/") || name.equals("..")) {
            return out; // a path (Ansible: a chroot), never a vars file; and no way out of the directory
        }
        List<Path> files = found.computeIfAbsent(dir + "\0" + kind + "\0" + name, k -> find(dir.resolve(kind), name));
        for (Path f : files) {
            if (!parsed.containsKey(f)) {
                parsed.put(f, parse(f));
            }
            Map<String, Var> vars = parsed.get(f);
            if (vars == null) {
                return null;
            }
            out.putAll(vars);
        }
        return out;
    }

    private List<Path> find(Path dir, String name) {
        if (!existing.computeIfAbsent(dir, Files::isDirectory)) {
            return List.of();
        }
        for (String ext : new String[] {"", ".yml", ".yaml", ".json"}) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) {
                List<Path> out = new ArrayList<>();
                collect(p, out);
                return out;
            }
            if (Files.exists(p)) {
                return List.of(p);
            }
        }
        return List.of();
    }

    private static void collect(Path dir, List<Path> out) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            out.add(dir); // parse() reports it
            return;
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 ? n.substring(dot) : "";
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            if (Files.isDirectory(p) && ext.isEmpty()) {
                collect(p, out);
            } else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
                out.add(p);
            }
        }
    }

    /** The file's top-level vars, or null after a problem naming it. */
    private Map<String, Var> parse(Path file) {
        String content;
        try {
            content = InventoryText.read(file);
        } catch (IOException e) {
            problems.add(new InventoryProblem(file, 0, "cannot read: " + InventoryText.reason(e)));
            return null;
        }
        if (content.startsWith(VAULT)) {
            problems.add(new InventoryProblem(file, 0, "encrypted with ansible-vault, and tcpfleet never decrypts: the hosts"
                    + " it applies to are left out. Let Ansible decrypt: ansible-inventory -i INVENTORY --list"
                    + " --ask-vault-pass | tcpfleet ... -i -"));
            return null;
        }
        YamlTree.Node root;
        try {
            root = file.toString().endsWith(".json") && content.stripLeading().startsWith("{")
                    ? YamlTree.parseJson(content) : YamlTree.parseYaml(content);
        } catch (YamlTree.SyntaxError e) {
            problems.add(new InventoryProblem(file, e.line, e.getMessage()));
            return null;
        }
        if (root.kind() == YamlTree.Kind.NULL) {
            return Map.of();
        }
        if (root.kind() != YamlTree.Kind.MAP) {
            problems.add(new InventoryProblem(file, root.line(), "expected variables (a mapping of name: value), got a " + root.kindName()));
            return null;
        }
        Map<String, Var> vars = new LinkedHashMap<>();
        root.map().forEach((k, v) -> {
            if (v.kind() == YamlTree.Kind.SCALAR || v.kind() == YamlTree.Kind.NULL) {
                vars.put(k, new Var(v.text(), file, v.line()));
            }
        });
        return vars;
    }
}
