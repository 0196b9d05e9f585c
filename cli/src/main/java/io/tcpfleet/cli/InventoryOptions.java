package io.tcpfleet.cli;

import io.tcpfleet.inventory.Inventory;
import io.tcpfleet.inventory.InventoryException;
import io.tcpfleet.inventory.InventoryLoader;
import io.tcpfleet.inventory.InventoryProblem;
import io.tcpfleet.inventory.SshConfig;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.UserHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which hosts: inventories, group, limit, ssh_config. Shared by poll, collect and inventory check. */
final class InventoryOptions {

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Inventory: a host list ([user@]host[:port] per line); an Ansible INI, YAML or JSON"
                    + " (ansible-inventory --list) inventory, with its group_vars/ and host_vars/; a directory of them;"
                    + " - for stdin. Repeatable.")
    List<Path> inventories = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "Only hosts of this inventory group.")
    String group;

    @Option(names = "--limit", paramLabel = "PATTERN",
            description = "Ansible-style host pattern: names, groups, globs, !exclude, &intersect (comma separated).")
    String limit;

    @Option(names = "--skip-bad", description = "Poll the valid hosts of an inventory with errors (the errors are still reported).")
    boolean skipBad;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client config for HostName, User, Port, IdentityFile, ProxyJump (default: ~/.ssh/config; 'none' to ignore).")
    String sshConfig;

    boolean hasInventory(List<String> commandLineHosts) {
        return !inventories.isEmpty() || !commandLineHosts.isEmpty();
    }

    /** Loads the inventories and command-line hosts; problems are fatal unless --skip-bad. */
    Inventory inventory(List<String> commandLineHosts, PrintWriter err) {
        Inventory inv = new InventoryLoader(sshConfig()).load(inventories, commandLineHosts);
        if (inv.hasProblems()) {
            for (InventoryProblem p : inv.problems()) {
                err.println("tcpfleet: " + p);
            }
            err.flush();
            if (!skipBad) {
                throw new UsageException(inv.problems().size() + " inventory error(s); nothing polled (fix them, or"
                        + " poll the valid hosts with --skip-bad)");
            }
        }
        return inv;
    }

    /** The selected hosts; a selection that matches nothing is a usage error. */
    List<Host> hosts(List<String> commandLineHosts, PrintWriter err) {
        return selected(commandLineHosts, err).hosts();
    }

    /**
     * The selected hosts, and each one's inventory groups, the most specific first (of the whole
     * inventory, whatever --group and --limit select).
     */
    record Selected(List<Host> hosts, Map<String, List<String>> groups) {
    }

    Selected selected(List<String> commandLineHosts, PrintWriter err) {
        Inventory inv = inventory(commandLineHosts, err);
        List<Host> hosts = select(inv);
        if (hosts.isEmpty()) {
            throw new UsageException("no host selected" + (group != null ? " in group '" + group + "'" : "")
                    + (limit != null ? " matching '" + limit + "'" : "")
                    + (inv.hosts().isEmpty() ? " (the inventory is empty)" : ""));
        }
        return new Selected(hosts, inv.groupsBySpecificity());
    }

    /** The hosts --group and --limit select; an unknown group is a usage error, not an empty fleet. */
    List<Host> select(Inventory inv) {
        if (group != null && !inv.groups().contains(group)) {
            throw new UsageException("no group '" + group + "' in the inventory (groups: " + String.join(", ", inv.groups()) + ")");
        }
        try {
            return inv.select(group, limit);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--limit: " + e.getMessage(), e);
        }
    }

    SshConfig sshConfig() {
        if ("none".equals(sshConfig)) {
            return SshConfig.empty();
        }
        Path file = sshConfig != null ? Path.of(sshConfig) : UserHome.get().resolve(".ssh").resolve("config");
        if (sshConfig != null && !Files.isReadable(file)) {
            throw new UsageException("cannot read --ssh-config " + file);
        }
        try {
            return SshConfig.load(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InventoryException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

}
