package io.tcpfleet.cli;

import io.tcpfleet.model.TcpState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Linux hosts on this machine: network namespaces on one bridge, each running its own OpenSSH
 * {@code sshd} with its own host key, plus a peer namespace the hosts' sockets connect to (so
 * the peer ends never show in a host's table). This JVM reaches the hosts through a veth of its
 * own. Everything is created by the lab and removed by {@link #close()}; only processes the lab
 * started are ended, by pid.
 *
 * <p>Addresses: peer {@code NET.2}, this JVM {@code NET.1}, host i {@code NET.(10+i)}.
 */
final class NetnsLab implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final String net;
    final int hosts;
    final String tag;
    final Path clientKey;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final String rootVeth;

    /** Whether this machine can run the lab: root, iproute2, OpenSSH server, python3. */
    static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
                return tool + " missing";
            }
        }
        return null;
    }

    /** @param net the first three octets of a /24 nobody else uses here, e.g. "10.213.77" */
    NetnsLab(Path dir, String net, int hosts) throws IOException, InterruptedException {
        this.dir = dir;
        this.net = net;
        this.hosts = hosts;
        this.tag = "tf" + (ProcessHandle.current().pid() % 100000);
        this.rootVeth = tag + "r";
        boolean ok = false;
        try {
            String peer = ns("p");
            addNamespace(peer);
            run("ip", "-n", peer, "link", "add", "br0", "type", "bridge");
            run("ip", "-n", peer, "addr", "add", net + ".2/24", "dev", "br0");
            run("ip", "-n", peer, "link", "set", "br0", "up");
            run("ip", "-n", peer, "link", "set", "lo", "up");
            // this JVM's own way in
            run("ip", "link", "add", rootVeth, "type", "veth", "peer", "name", tag + "rb", "netns", peer);
            run("ip", "-n", peer, "link", "set", tag + "rb", "master", "br0", "up");
            run("ip", "addr", "add", net + ".1/24", "dev", rootVeth);
            run("ip", "link", "set", rootVeth, "up");
            run("mkdir", "-p", "/run/sshd"); // sshd's privilege separation directory
            clientKey = dir.resolve("id_ed25519");
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tcpfleet-e2e", "-f", clientKey.toString());
            Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
            for (int i = 0; i < hosts; i++) {
                String h = hostNs(i);
                addNamespace(h);
                run("ip", "link", "add", tag + "h" + i, "type", "veth", "peer", "name", tag + "b" + i, "netns", peer);
                run("ip", "link", "set", tag + "h" + i, "netns", h);
                run("ip", "-n", peer, "link", "set", tag + "b" + i, "master", "br0", "up");
                run("ip", "-n", h, "addr", "add", address(i) + "/24", "dev", tag + "h" + i);
                run("ip", "-n", h, "link", "set", tag + "h" + i, "up");
                run("ip", "-n", h, "link", "set", "lo", "up");
                run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key_" + i).toString());
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    String peerNs() {
        return ns("p");
    }

    String hostNs(int i) {
        return ns("h" + i);
    }

    private String ns(String suffix) {
        return tag + suffix;
    }

    String address(int i) {
        return net + "." + (10 + i);
    }

    String peerAddress() {
        return net + ".2";
    }

    /** The host's public key line as known_hosts wants it: {@code ADDRESS TYPE KEY}. */
    String knownHostsLine(int i) throws IOException {
        String[] pub = Files.readString(dir.resolve("host_key_" + i + ".pub")).trim().split("\\s+");
        return address(i) + " " + pub[0] + " " + pub[1];
    }

    /** Starts host i's sshd in the foreground (-D) and waits until it accepts connections. */
    void startSshd(int i) throws IOException, InterruptedException {
        Path config = dir.resolve("sshd_config_" + i);
        Files.writeString(config, String.join("\n",
                "ListenAddress " + address(i),
                "Port 22",
                "HostKey " + dir.resolve("host_key_" + i),
                "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AllowTcpForwarding yes",
                "MaxStartups 100:30:200",
                "LogLevel ERROR", ""));
        Process p = new ProcessBuilder("ip", "netns", "exec", hostNs(i), SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd_" + i + ".log").toFile()).start();
        processes.add(p);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (listening(i, 22)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException("sshd of host " + i + " died: " + Files.readString(dir.resolve("sshd_" + i + ".log")));
            }
            Thread.sleep(50);
        }
        throw new IOException("sshd of host " + i + " does not listen");
    }

    private boolean listening(int i, int port) throws IOException, InterruptedException {
        return output("ip", "netns", "exec", hostNs(i), "ss", "-Htln", "sport", "= :" + port).contains(":" + port);
    }

    /** Runs sockets.py in a namespace and waits for its 'ready'. */
    void sockets(String namespace, String... args) throws IOException {
        Path script = dir.resolve("sockets.py");
        if (!Files.exists(script)) {
            try (var in = NetnsLab.class.getResourceAsStream("/e2e/sockets.py")) {
                Files.copy(in, script);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (!"ready".equals(line)) {
            throw new IOException("sockets.py " + String.join(" ", args) + " in " + namespace + " said " + line);
        }
    }

    void peerSockets() throws IOException {
        sockets(ns("p"), "peer", peerAddress());
    }

    /** Drops SSH from this JVM's address at host i, so that only a jump host reaches it. */
    void onlyViaJump(int i) throws IOException, InterruptedException {
        Path rules = dir.resolve("nft_" + i);
        Files.writeString(rules, "table inet tcpfleet_e2e {\n chain input {\n  type filter hook input priority 0;\n"
                + "  ip saddr " + net + ".1 tcp dport 22 drop\n }\n}\n");
        run("ip", "netns", "exec", hostNs(i), "nft", "-f", rules.toString());
    }

    /** Drops SSH to host i from everyone but {@code address}: only a jump host at that address reaches it. */
    void onlyFrom(int i, String address) throws IOException, InterruptedException {
        Path rules = dir.resolve("nft_only_" + i);
        Files.writeString(rules, "table inet tcpfleet_e2e_only {\n chain input {\n  type filter hook input priority 0;\n"
                + "  ip saddr != " + address + " tcp dport 22 drop\n }\n}\n");
        run("ip", "netns", "exec", hostNs(i), "nft", "-f", rules.toString());
    }

    /**
     * {@code ss -tan} in host i, counted by state, leaving out SSH's own sockets (port 22 on
     * either end): tcpfleet's session and the ones it leaves in TIME_WAIT are not the test's.
     */
    Map<TcpState, Long> ssWithoutSsh(int i) throws IOException, InterruptedException {
        Map<TcpState, Long> counts = new EnumMap<>(TcpState.class);
        for (String line : output("ip", "netns", "exec", hostNs(i), "ss", "-Htan").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[3].endsWith(":22") || f[4].endsWith(":22")) {
                continue;
            }
            counts.merge(SsStates.of(f[0]), 1L, Long::sum);
        }
        return counts;
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        run("ip", "netns", "add", name);
        namespaces.add(name);
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        output(cmd);
    }

    static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Ends the lab's own processes (by pid) and removes its namespaces and veth. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.getOutputStream().close();
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (String n : namespaces) {
            new ProcessBuilder("ip", "netns", "del", n).start().waitFor(10, TimeUnit.SECONDS);
        }
        new ProcessBuilder("ip", "link", "del", rootVeth).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
}
