package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads inventories and command-line hosts into one {@link Inventory}: format detected per file,
 * every host resolved against the ssh_config the way {@code ssh} would for HostName, User, Port,
 * IdentityFile and ProxyJump, with the inventory's explicit values winning. Content errors never
 * throw: they are collected, with file and line, for the caller to report.
 */
public final class InventoryLoader {

    enum Format { PLAIN, INI, YAML }

    private final SshConfig sshConfig;

    public InventoryLoader(SshConfig sshConfig) {
        this.sshConfig = Objects.requireNonNull(sshConfig, "sshConfig");
    }

    public Inventory load(List<Path> files, List<String> commandLineHosts) {
        List<InventoryProblem> problems = new ArrayList<>();
        Map<String, InventoryHost> byName = new LinkedHashMap<>();
        for (Path file : files) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                problems.add(new InventoryProblem(file, 0, "not a text file (invalid UTF-8)"));
                continue;
            } catch (IOException e) {
                problems.add(new InventoryProblem(file, 0, "cannot read: " + e.getMessage()));
                continue;
            }
            List<String> lines = content.lines().toList();
            GroupTree tree = switch (detect(file, lines)) {
                case YAML -> AnsibleYamlReader.read(file, content, problems);
                case INI -> AnsibleIniReader.read(file, lines, problems);
                case PLAIN -> PlainListReader.read(file, lines, problems);
            };
            for (GroupTree.RawHost raw : tree.hosts(problems)) {
                add(raw, byName, problems);
            }
        }
        GroupTree cli = new GroupTree(null);
        for (String spec : commandLineHosts) {
            PlainListReader.entry(cli, "ungrouped", spec.strip(), null, 0, problems);
        }
        for (GroupTree.RawHost raw : cli.hosts(problems)) {
            add(raw, byName, problems);
        }
        return new Inventory(new ArrayList<>(byName.values()), problems);
    }

    /**
     * By extension first; else a document opening with {@code ---} or {@code group:} is YAML, one
     * with a section header or {@code key=value} anywhere is INI, and anything else a host list.
     */
    static Format detect(Path file, List<String> lines) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            return Format.YAML;
        }
        if (name.endsWith(".ini")) {
            return Format.INI;
        }
        boolean first = true;
        for (String l : lines) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            if (first && (s.equals("---") || l.matches("[A-Za-z0-9_.-]+:\\s*(#.*)?"))) {
                return Format.YAML; // a document that opens with a group mapping
            }
            first = false;
            if ((s.startsWith("[") && s.endsWith("]") && !s.contains("]:")) || s.contains("=")) {
                return Format.INI; // a section header, or host vars
            }
        }
        return Format.PLAIN;
    }

    private void add(GroupTree.RawHost raw, Map<String, InventoryHost> byName, List<InventoryProblem> problems) {
        List<String> errors = new ArrayList<>();
        HostVars v = HostVars.of(raw.vars(), raw.name(), errors);
        if (!errors.isEmpty()) {
            errors.forEach(e -> problems.add(new InventoryProblem(raw.file(), raw.line(), raw.name() + ": " + e)));
            return;
        }
        // ssh matches its config against the name it is given: ansible_host if set, else the name.
        String sshName = v.host() != null ? v.host() : raw.name();
        SshConfig.Resolved c = sshConfig.resolve(sshName);
        String address = c.hostName() != null ? c.hostName() : sshName;
        String user = v.user() != null ? v.user() : c.user();
        int port = v.port() != null ? v.port() : c.port() != null ? c.port() : 22;
        String key = v.identityFile() != null ? expandHome(v.identityFile()) : c.identityFile();
        String jump = v.proxyJump() != null ? v.proxyJump() : c.proxyJump();
        if (v.proxyJump() == null && c.proxyCommand() != null) {
            problems.add(new InventoryProblem(raw.file(), raw.line(), raw.name() + ": ssh_config gives it ProxyCommand '"
                    + c.proxyCommand() + "', which tcpfleet does not support (it would connect directly instead):"
                    + " use ProxyJump, or leave the host out"));
            return;
        }
        if (jump != null && jump.equalsIgnoreCase("none")) {
            jump = null;
        }
        Host host;
        try {
            host = new Host(raw.name(), address, port, user, v.byteOrder(), key, jump);
        } catch (IllegalArgumentException e) {
            problems.add(new InventoryProblem(raw.file(), raw.line(), raw.name() + ": " + e.getMessage()));
            return;
        }
        InventoryHost ih = new InventoryHost(host, raw.groups(), raw.file(), raw.line());
        InventoryHost seen = byName.get(host.name());
        if (seen == null) {
            byName.put(host.name(), ih);
        } else if (sameTarget(seen.host(), host)) {
            Set<String> groups = new TreeSet<>(seen.groups());
            groups.addAll(ih.groups());
            byName.put(host.name(), new InventoryHost(seen.host(), groups, seen.source(), seen.line()));
        } else {
            problems.add(new InventoryProblem(raw.file(), raw.line(), "host '" + host.name() + "' defined at "
                    + seen.origin() + " as " + seen.host().target() + " and here as " + host.target()
                    + "; give one of them another name"));
        }
    }

    private static boolean sameTarget(Host a, Host b) {
        return a.address().equals(b.address()) && a.port() == b.port() && Objects.equals(a.user(), b.user())
                && Objects.equals(a.identityFile(), b.identityFile()) && Objects.equals(a.proxyJump(), b.proxyJump())
                && a.byteOrder().equals(b.byteOrder());
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
