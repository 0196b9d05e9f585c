package io.tcpfleet.testkit;

import io.tcpfleet.model.TcpState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real Linux hosts on this machine: network namespaces on one bridge, each able to run its own
 * OpenSSH {@code sshd} with its own host key, plus a peer namespace holding the bridge, which the
 * hosts' sockets connect to (so the peer ends never show in a host's table). The one lab of the
 * end-to-end tests, the netns benchmark and the dump capture; scripts drive it through {@link #main}.
 *
 * <p>Addresses on NET: peer {@code NET.2}, host i {@code NET.(10+i)}, and this namespace
 * {@code NET.1} through a veth of its own; IPv6 likewise on {@code fd00:B:C::/64} for NET =
 * {@code A.B.C} (peer {@code ::2}, host i {@code ::(10+i)}). NET is a subnet no other lab on this
 * machine uses ({@link SubnetClaim}); a private lab, not linked to this namespace, may use any NET.
 *
 * <p>Everything is created by the lab and removed by {@link #close()}, also after a failed start;
 * only processes the lab started are ended, by pid.
 */
public final class NetnsLab implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final String SOCKETS = "sockets.py";

    public final Path dir;
    /** The first three octets of the lab's IPv4 /24, e.g. "10.213.4". */
    public final String net;
    /** The private key every host's root (and any user) accepts. */
    public final Path clientKey;
    private final String net6;
    private final int hosts;
    private final boolean linked;
    private final SubnetClaim claim;
    private final String tag;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private boolean rootVeth;
    private boolean closed;

    /** A lab of {@code hosts} hosts that this JVM reaches, on a subnet claimed for it. */
    public static NetnsLab open(Path dir, int hosts) throws IOException, InterruptedException {
        check(hosts, "10.213.0");
        SubnetClaim claim = SubnetClaim.claim();
        return start(new NetnsLab(dir, hosts, claim, "10.213." + claim.number, true));
    }

    /**
     * A lab not linked to this namespace, so its NET (e.g. "10.253.0") may be fixed: what it holds
     * is then the same on every run.
     */
    public static NetnsLab openPrivate(Path dir, int hosts, String net) throws IOException, InterruptedException {
        check(hosts, net);
        return start(new NetnsLab(dir, hosts, SubnetClaim.claim(), net, false));
    }

    private static NetnsLab start(NetnsLab lab) throws IOException, InterruptedException {
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private static void check(int hosts, String net) {
        if (hosts < 0 || hosts > 240 || !net.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("hosts 0-240 on a NET like 10.213.4: " + hosts + " on " + net);
        }
    }

    private NetnsLab(Path dir, int hosts, SubnetClaim claim, String net, boolean linked) {
        this.dir = dir;
        this.hosts = hosts;
        this.claim = claim;
        this.net = net;
        String[] octets = net.split("\\.");
        this.net6 = "fd00:" + octets[1] + ":" + octets[2] + "::";
        this.linked = linked;
        this.tag = claim.tag();
        this.clientKey = dir.resolve("id_ed25519");
    }

    private void build() throws IOException, InterruptedException {
        String peer = peerNs();
        addNamespace(peer);
        run("ip", "-n", peer, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", peer, "addr", "add", peerAddress() + "/24", "dev", "br0");
        run("ip", "-n", peer, "addr", "add", peerAddress6() + "/64", "dev", "br0", "nodad");
        run("ip", "-n", peer, "link", "set", "br0", "up");
        run("ip", "-n", peer, "link", "set", "lo", "up");
        if (linked) { // this namespace's own way in
            run("ip", "link", "add", tag + "r", "type", "veth", "peer", "name", tag + "rb", "netns", peer);
            rootVeth = true;
            run("ip", "-n", peer, "link", "set", tag + "rb", "master", "br0", "up");
            run("ip", "addr", "add", net + ".1/24", "dev", tag + "r");
            run("ip", "link", "set", tag + "r", "up");
        }
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tcpfleet-lab", "-f", clientKey.toString());
        // readable by any user a script logs in as (sshd reads it with that user's rights)
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
        for (int i = 0; i < hosts; i++) {
            String h = hostNs(i);
            String veth = tag + "h" + i;
            addNamespace(h);
            // both ends made in their namespaces: nothing of a host ever appears in this one
            run("ip", "link", "add", veth, "netns", h, "type", "veth", "peer", "name", tag + "b" + i, "netns", peer);
            run("ip", "-n", peer, "link", "set", tag + "b" + i, "master", "br0", "up");
            run("ip", "-n", h, "addr", "add", address(i) + "/24", "dev", veth);
            run("ip", "-n", h, "addr", "add", address6(i) + "/64", "dev", veth, "nodad");
            run("ip", "-n", h, "link", "set", veth, "up");
            run("ip", "-n", h, "link", "set", "lo", "up");
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key_" + i).toString());
        }
    }

    public int hosts() {
        return hosts;
    }

    public String peerNs() {
        return tag + "p";
    }

    public String hostNs(int i) {
        return tag + "h" + i;
    }

    public String peerAddress() {
        return net + ".2";
    }

    public String peerAddress6() {
        return net6 + "2";
    }

    public String address(int i) {
        return net + "." + (10 + i);
    }

    public String address6(int i) {
        return net6 + (10 + i);
    }

    /** The host's public key line as known_hosts wants it: {@code ADDRESS TYPE KEY}. */
    public String knownHostsLine(int i) throws IOException {
        String[] pub = Files.readString(dir.resolve("host_key_" + i + ".pub")).trim().split("\\s+");
        return address(i) + " " + pub[0] + " " + pub[1];
    }

    /** Starts host i's sshd in the foreground (-D) and waits until it accepts connections. */
    public void startSshd(int i) throws IOException, InterruptedException {
        Objects.checkIndex(i, hosts);
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
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
        Path log = dir.resolve("sshd_" + i + ".log");
        Process p = started(new ProcessBuilder("ip", "netns", "exec", hostNs(i), SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (output("ip", "netns", "exec", hostNs(i), "ss", "-Htln", "sport", "= :22").contains(":22")) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException("sshd of host " + i + " died: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IOException("sshd of host " + i + " does not listen");
    }

    /**
     * Runs the socket holder ({@code sockets.py ROLE ARGS}, its roles are listed in the script) in a
     * namespace and waits (at most a minute) for its 'ready'. It holds its sockets until the lab closes.
     */
    public void sockets(String namespace, String... args) throws IOException {
        Path script = dir.resolve(SOCKETS);
        if (!Files.exists(script)) {
            try (InputStream in = NetnsLab.class.getResourceAsStream(SOCKETS)) {
                Files.copy(in, script);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = started(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT));
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(p::destroy, CompletableFuture.delayedExecutor(1, TimeUnit.MINUTES));
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        watchdog.cancel(false);
        if (!"ready".equals(line)) {
            throw new IOException(SOCKETS + " " + String.join(" ", args) + " in " + namespace + " said " + line);
        }
    }

    /** The peer's listeners, which the hosts' sockets connect to. */
    public void peerSockets() throws IOException {
        sockets(peerNs(), "peer");
    }

    /** Drops SSH from this namespace's address at host i, so that only a jump host reaches it. */
    public void onlyViaJump(int i) throws IOException, InterruptedException {
        dropSsh(i, "tcpfleet_e2e", "ip saddr " + net + ".1");
    }

    /** Drops SSH to host i from everyone but {@code address}: only a jump host at that address reaches it. */
    public void onlyFrom(int i, String address) throws IOException, InterruptedException {
        dropSsh(i, "tcpfleet_e2e_only", "ip saddr != " + address);
    }

    private void dropSsh(int i, String table, String match) throws IOException, InterruptedException {
        Path rules = dir.resolve("nft_" + table + "_" + i);
        Files.writeString(rules, "table inet " + table + " {\n chain input {\n  type filter hook input priority 0;\n"
                + "  " + match + " tcp dport 22 drop\n }\n}\n");
        run("ip", "netns", "exec", hostNs(i), "nft", "-f", rules.toString());
    }

    /**
     * {@code ss -tan} in host i, counted by state, leaving out SSH's own sockets (port 22 on
     * either end): tcpfleet's session and the ones it leaves in TIME_WAIT are not the test's.
     */
    public Map<TcpState, Long> ssWithoutSsh(int i) throws IOException, InterruptedException {
        return SsStates.count(output("ip", "netns", "exec", hostNs(i), "ss", "-Htan"),
                (local, remote) -> !local.endsWith(":22") && !remote.endsWith(":22"));
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        run("ip", "netns", "add", name);
        namespaces.add(name);
    }

    private Process started(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    public static void run(String... cmd) throws IOException, InterruptedException {
        output(cmd);
    }

    /** Runs a short command and returns its output; a failure is an IOException with that output. */
    public static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /**
     * Ends the lab's own processes (by pid), removes its namespaces and veth, then gives up its
     * subnet. Safe to call twice, and after a failed start.
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : processes) {
            p.getOutputStream().close(); // the socket holders end on EOF
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        if (rootVeth) { // deleted here, not with the peer namespace (which the kernel frees later)
            quietly("ip", "link", "del", tag + "r");
        }
        for (String n : namespaces) {
            quietly("ip", "netns", "del", n);
        }
        claim.close();
    }

    private static void quietly(String... cmd) throws IOException, InterruptedException {
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * For scripts: {@code java -cp testkit/target/classes:model/target/classes
     * io.tcpfleet.testkit.NetnsLab DIR HOSTS [--private NET]} builds the lab, prints its names as
     * shell assignments ({@code LAB_NET}, {@code LAB_PEER_NS}, {@code LAB_PEER}, {@code LAB_PEER6},
     * arrays {@code LAB_HOST_NS}, {@code LAB_HOST}, {@code LAB_HOST6}, {@code LAB_KEY},
     * {@code LAB_KNOWN_HOSTS}), then {@code ready}. It then answers each stdin line
     * {@code sshd all|I} or {@code sockets NAMESPACE ROLE ARGS...} with {@code ok} or
     * {@code error: WHY}, and removes the lab when stdin closes (or on SIGTERM or SIGINT).
     * {@code testkit/netns-lab.bash} wraps this for bash.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--private"))) {
            System.err.println("usage: NetnsLab DIR HOSTS [--private NET]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int hosts = Integer.parseInt(args[1]);
        NetnsLab lab = args.length == 4 ? openPrivate(dir, hosts, args[3]) : open(dir, hosts);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                lab.close();
            } catch (IOException | InterruptedException e) {
                System.err.println("netns lab: close: " + e);
            }
        }));
        new LabCommands(lab, System.in, System.out).serve();
        lab.close();
    }
}
