package io.tcpfleet.inventory;

import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.HostName;
import io.tcpfleet.model.UserHome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what an inventory says about a host into the {@link Host} tcpfleet polls, the way
 * {@code ssh} would connect: the inventory's explicit values win, ssh_config (matched against the
 * name ssh is given: ansible_host, else the host name) fills in HostName, User, Port, IdentityFile
 * and ProxyJump, then defaults. Every value is checked against what storage, terminals and the
 * Zabbix check accept; a refused value is a problem at the host's file and line.
 */
final class HostResolver {

    private final SshConfig sshConfig;

    HostResolver(SshConfig sshConfig) {
        this.sshConfig = sshConfig;
    }

    /** A host with an inventory name, or null after problems. */
    InventoryHost named(GroupTree.RawHost raw, HostVars v, List<InventoryProblem> problems) {
        Where at = new Where(raw.file(), raw.line(), raw.name(), problems);
        String nameProblem = HostName.problem(raw.name());
        if (nameProblem != null) {
            return at.fail(nameProblem);
        }
        Map<String, String> origins = new LinkedHashMap<>();
        if (v.local() != null) {
            origins.put("address", "this machine, read through /proc: " + v.local().origin());
            return new InventoryHost(Host.local(raw.name()), raw.groups(), raw.file(), raw.line(), origins);
        }
        // ssh matches its config against the name it is given: ansible_host if set, else the name.
        String sshName = v.host() != null ? v.host().value().strip() : raw.name();
        SshConfig.Resolved c = sshConfig.resolve(sshName);
        String address = c.hostName() != null ? c.hostName() : sshName;
        origins.put("address", c.hostName() != null ? "ssh_config HostName for " + sshName
                : v.host() != null ? v.host().origin() : "the inventory name");
        String user = null;
        if (v.user() != null) {
            user = v.user().value();
            origins.put("user", v.user().origin());
        } else if (c.user() != null) {
            user = c.user();
            origins.put("user", "ssh_config User");
        }
        int port = 22;
        if (v.port() != null) {
            port = HostVars.port(v.port().value());
            origins.put("port", v.port().origin());
        } else if (c.port() != null) {
            port = c.port();
            origins.put("port", "ssh_config Port");
        } else {
            origins.put("port", "default");
        }
        String key = c.identityFile();
        if (v.identityFile() != null) {
            key = expandHome(v.identityFile().value());
            origins.put("identity_file", v.identityFile().origin());
        } else if (key != null) {
            origins.put("identity_file", "ssh_config IdentityFile");
        }
        if (v.proxyJump() == null && c.proxyCommand() != null) {
            return at.fail(raw.name() + ": " + proxyCommand(c));
        }
        String jump = c.proxyJump();
        if (v.proxyJump() != null) {
            jump = v.proxyJump().value();
            origins.put("proxy_jump", v.proxyJump().origin());
        } else if (jump != null) {
            origins.put("proxy_jump", "ssh_config ProxyJump");
        }
        Host host = at.host(raw.name(), address, port, user, v, key, jump);
        return host == null ? null : new InventoryHost(host, raw.groups(), raw.file(), raw.line(), origins);
    }

    /** A host list or command-line entry; its identity is {@code user@address:port}. Null after problems. */
    InventoryHost unnamed(PlainListReader.Entry e, List<InventoryProblem> problems) {
        SshConfig.Resolved c = sshConfig.resolve(e.host());
        Map<String, String> origins = new LinkedHashMap<>();
        String written = e.file() == null ? "command line" : e.file() + ":" + e.line();
        String address = c.hostName() != null ? c.hostName() : e.host();
        origins.put("address", c.hostName() != null ? "ssh_config HostName for " + e.host() : written);
        String user = e.user() != null ? e.user() : c.user();
        if (user != null) {
            origins.put("user", e.user() != null ? written : "ssh_config User");
        }
        int port = e.port() != null ? e.port() : c.port() != null ? c.port() : 22;
        origins.put("port", e.port() != null ? written : c.port() != null ? "ssh_config Port" : "default");
        if (c.identityFile() != null) {
            origins.put("identity_file", "ssh_config IdentityFile");
        }
        if (c.proxyJump() != null) {
            origins.put("proxy_jump", "ssh_config ProxyJump");
        }
        String identity = new Endpoint(user, address, port).toString();
        Where at = new Where(e.file(), e.line(), identity, problems);
        String nameProblem = HostName.problem(identity);
        if (nameProblem != null) {
            return at.fail(nameProblem);
        }
        if (c.proxyCommand() != null) {
            return at.fail(identity + ": " + proxyCommand(c));
        }
        Host host = at.host(identity, address, port, user, null, c.identityFile(), c.proxyJump());
        return host == null ? null : new InventoryHost(host, Set.of(GroupTree.ALL, GroupTree.UNGROUPED), e.file(), e.line(), origins);
    }

    /** The host being resolved, for its problems. */
    private record Where(Path file, int line, String name, List<InventoryProblem> problems) {
        InventoryHost fail(String problem) {
            problems.add(new InventoryProblem(file, line, problem));
            return null;
        }

        /** The Host, after checking values ssh_config may have supplied; null after a problem. */
        Host host(String hostName, String address, int port, String user, HostVars v, String key, String jump) {
            String bad = ValueChecks.address(address);
            if (bad != null) {
                fail(hostName + ": address " + ValueChecks.quote(address) + ": " + bad);
                return null;
            }
            bad = user == null ? null : ValueChecks.user(user);
            if (bad != null) {
                fail(hostName + ": user " + ValueChecks.quote(user) + ": " + bad);
                return null;
            }
            String proxy = jump != null && jump.equalsIgnoreCase("none") ? null : jump;
            try {
                return new Host(hostName, address, port, user, v != null ? v.byteOrder() : java.nio.ByteOrder.LITTLE_ENDIAN, key, proxy);
            } catch (IllegalArgumentException e) {
                fail(hostName + ": " + e.getMessage());
                return null;
            }
        }
    }

    /** tcpfleet cannot run a ProxyCommand, and connecting directly instead would take the wrong path. */
    private static String proxyCommand(SshConfig.Resolved c) {
        return "ssh_config gives it ProxyCommand '" + c.proxyCommand() + "', which tcpfleet does not support"
                + " (it would connect directly instead): use ProxyJump, or leave the host out";
    }

    private static String expandHome(String path) {
        return path.equals("~") || path.startsWith("~/") ? UserHome.get() + path.substring(1) : path;
    }
}
