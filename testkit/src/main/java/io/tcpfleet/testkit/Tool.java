package io.tcpfleet.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an end-to-end test needs from this machine, with the Debian packages that provide it (the
 * ones {@code .ci/run} installs). A bare file name is looked up on {@code $PATH} and in the sbin
 * directories; an absolute one must exist.
 */
public enum Tool {
    ROOT("root", List.of()),
    IPROUTE2("iproute2", List.of("ip", "ss")),
    SSHD("openssh-server", List.of("/usr/sbin/sshd")),
    SSH_CLIENT("openssh-client", List.of("ssh", "ssh-keygen", "ssh-agent", "ssh-add")),
    NFTABLES("nftables", List.of("nft")),
    PYTHON3("python3", List.of("/usr/bin/python3")),
    POSTGRESQL("postgresql (15)", List.of("/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/15/bin/postgres")),
    ZABBIX("zabbix-server-pgsql zabbix-frontend-php php-cli php-pgsql php-gd php-bcmath php-mbstring php-xml php-ldap",
            List.of("/usr/sbin/zabbix_server", "/usr/share/zabbix-server-pgsql/schema.sql.gz",
                    "/usr/share/zabbix/api_jsonrpc.php", "php")),
    CHROMIUM("chromium", List.of("/usr/bin/chromium")),
    PROMETHEUS("prometheus", List.of("/usr/bin/promtool", "/usr/bin/prometheus")),
    ANSIBLE("ansible-core", List.of("/usr/bin/ansible", "/usr/bin/ansible-inventory")),
    /** Everything {@link NetnsLab} needs: root, iproute2, sshd, ssh-keygen, nftables, python3, IPv6. */
    NETNS_LAB("", List.of());

    private final String packages;
    private final List<String> files;

    Tool(String packages, List<String> files) {
        this.packages = packages;
        this.files = files;
    }

    /** Why this machine lacks the tool ("nft missing (apt-get install nftables)"), or null if it has it. */
    public String missing() {
        return switch (this) {
            case ROOT -> "root".equals(System.getProperty("user.name")) ? null : "not root";
            case NETNS_LAB -> Files.exists(Path.of("/proc/net/if_inet6"))
                    ? firstMissing(List.of(ROOT, IPROUTE2, SSHD, SSH_CLIENT, NFTABLES, PYTHON3))
                    : "a kernel with IPv6 (the lab's hosts have IPv6 addresses too)";
            default -> {
                for (String f : files) {
                    if (!present(f)) {
                        yield f + " missing (apt-get install " + packages + ")";
                    }
                }
                yield null;
            }
        };
    }

    static String firstMissing(List<Tool> tools) {
        for (Tool t : tools) {
            String m = t.missing();
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    static boolean present(String file) {
        if (file.startsWith("/")) {
            return Files.exists(Path.of(file));
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, file)));
    }
}
