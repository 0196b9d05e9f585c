package io.tcpfleet.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads inventories and command-line hosts into one {@link Inventory}, as Ansible reads its
 * sources: every file (a directory's files, {@code -} for stdin) feeds one set of groups and
 * hosts; group_vars/ and host_vars/ next to each source apply with Ansible's precedence (inline
 * group vars, group_vars/all, group_vars/GROUP by depth, inline host vars, host_vars/HOST); then
 * each host is resolved against the ssh_config. Host lists and command-line hosts have no names:
 * each is one host per distinct {@code user@address:port}. Content errors never throw: they are
 * collected, with file and line, for the caller to report.
 */
public final class InventoryLoader {

    private final SshConfig sshConfig;
    private final InputStream stdin;
    private final int maxHosts;

    public InventoryLoader(SshConfig sshConfig) {
        this(sshConfig, System.in);
    }

    /** {@code stdin}: what {@code -i -} reads. */
    public InventoryLoader(SshConfig sshConfig, InputStream stdin) {
        this(sshConfig, stdin, HostBudget.MAX_HOSTS);
    }

    /** {@code maxHosts}: the host cap (tests use a small one). */
    InventoryLoader(SshConfig sshConfig, InputStream stdin, int maxHosts) {
        this.sshConfig = Objects.requireNonNull(sshConfig, "sshConfig");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.maxHosts = maxHosts;
    }

    public Inventory load(List<Path> sources, List<String> commandLineHosts) {
        List<InventoryProblem> problems = new ArrayList<>();
        HostBudget budget = new HostBudget(maxHosts);
        GroupTree tree = new GroupTree();
        List<PlainListReader.Entry> unnamed = new ArrayList<>();
        InventorySources.Expanded expanded = InventorySources.expand(sources, problems);
        for (Path file : expanded.files()) {
            String content = content(file, problems);
            if (content != null) {
                read(file, content, tree, unnamed, budget, problems);
            }
        }
        for (String spec : commandLineHosts) {
            PlainListReader.Entry e = PlainListReader.entry(spec.strip(), null, 0, budget, problems);
            if (e != null) {
                unnamed.add(e);
            }
        }
        HostResolver resolver = new HostResolver(sshConfig);
        VarsFiles varsFiles = new VarsFiles(expanded.varsDirs(), problems);
        Map<InventoryHost, Integer> ordinals = new IdentityHashMap<>(); // records hash every field: slow here
        Map<String, InventoryHost> byName = new LinkedHashMap<>();
        for (GroupTree.RawHost raw : tree.hosts(problems)) {
            Map<String, Var> vars = VarsPrecedence.merge(raw, varsFiles);
            HostVars v = vars == null ? null : HostVars.of(vars, problems);
            InventoryHost h = v == null ? null : resolver.named(raw, v, problems);
            if (h != null) {
                byName.put(h.host().name(), h);
                ordinals.put(h, raw.ordinal());
            }
        }
        Map<String, InventoryHost> byTarget = new HashMap<>();
        byName.values().forEach(h -> byTarget.putIfAbsent(h.host().target(), h));
        for (PlainListReader.Entry e : unnamed) {
            InventoryHost h = resolver.unnamed(e, problems);
            if (h == null) {
                continue;
            }
            InventoryHost same = byTarget.get(h.host().name());
            if (same != null) {
                // Two targets are one host only when user, address and port are the same.
                InventoryHost merged = same.withGroups(h.groups());
                byName.put(same.host().name(), merged);
                byTarget.put(h.host().name(), merged);
                ordinals.put(merged, ordinals.get(same));
            } else if (byName.containsKey(h.host().name())) {
                problems.add(new InventoryProblem(e.file(), e.line(), h.host().name() + " is also the name of another host, "
                        + byName.get(h.host().name()).origin() + ", which connects elsewhere"));
            } else {
                byName.put(h.host().name(), h);
                byTarget.put(h.host().name(), h);
                ordinals.put(h, e.ordinal());
            }
        }
        List<InventoryHost> hosts = new ArrayList<>(byName.values());
        hosts.sort(Comparator.comparingInt(ordinals::get));
        // A bad group var reaches every host of the group: say so once.
        return new Inventory(hosts, problems.stream().distinct().toList());
    }

    private String content(Path file, List<InventoryProblem> problems) {
        try {
            if (file == InventorySources.STDIN) {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(stdin.readAllBytes())).toString();
            }
            return InventoryText.read(file);
        } catch (IOException e) {
            problems.add(new InventoryProblem(file, 0, "cannot read: " + InventoryText.reason(e)));
            return null;
        }
    }

    private static void read(Path file, String content, GroupTree tree, List<PlainListReader.Entry> unnamed,
                             HostBudget budget, List<InventoryProblem> problems) {
        List<String> lines = content.lines().toList();
        InventoryFormat format = InventoryFormat.detect(file, lines);
        switch (format) {
            case SCRIPT -> problems.add(new InventoryProblem(file, 1, "an inventory script: tcpfleet runs nothing;"
                    + " give it the script's output: " + file + " --list | tcpfleet ... -i -"));
            case INI -> AnsibleIniReader.read(file, lines, tree, budget, problems);
            case PLAIN -> PlainListReader.read(file, lines, unnamed, budget, problems);
            case YAML, JSON -> {
                YamlTree.Node root;
                try {
                    root = format == InventoryFormat.JSON ? YamlTree.parseJson(content) : YamlTree.parseYaml(content);
                } catch (YamlTree.SyntaxError e) {
                    problems.add(new InventoryProblem(file, e.line, e.getMessage()));
                    return;
                }
                if (AnsibleYamlReader.isPluginConfig(file, root, problems)) {
                    return;
                }
                if (format == InventoryFormat.JSON && AnsibleJsonReader.recognises(root)) {
                    AnsibleJsonReader.read(file, root, tree, budget, problems);
                } else {
                    AnsibleYamlReader.read(file, root, tree, budget, problems);
                }
            }
        }
    }
}
