package io.tcpfleet.benchmarks;

import io.tcpfleet.testkit.NetnsLab;
import io.tcpfleet.testkit.OpenSshd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16: what polling costs the monitored hosts. N real OpenSSH sshd on loopback addresses
 * (127.0.90.x), each in a private mount namespace whose /etc/passwd gives root the login shell and
 * home of the run (testkit {@link OpenSshd#in}: no real user's file is read or changed). For each
 * login (bash whose ~/.bashrc burns ~100 ms of CPU, then /bin/sh without rc files) and each
 * contender, a fresh fleet is started and:
 * <ul>
 *   <li>host CPU: the CPU of the sshd and of every process they start ({@link CgroupCpu}) between
 *       the end of sweep 1 (logins done) and the end of the last measured sweep, per poll;</li>
 *   <li>collector CPU per poll: the collector process's CPU over the same sweeps;</li>
 *   <li>sweep wall: the median of the measured sweeps.</li>
 * </ul>
 * Contenders: {@code tcpfleet collect} with kept connections (one remote shell per connection);
 * the same against hosts whose key is restricted to {@code command="cat /proc/net/tcp
 * /proc/net/tcp6"}, where tcpfleet falls back to one exec per poll on the kept connection (what
 * every kept connection did before the remote shell); {@code collect --connections fresh}; and the
 * OpenSSH client, one login per host per sweep ({@code xargs -P CONC ssh HOST cat ...}).
 *
 * <p>With EHASH (&gt; 0), each sshd runs instead in a host namespace of a {@link NetnsLab} (port 22),
 * whose TCP hash table has EHASH buckets: the caller runs this JVM in a namespace whose
 * {@code net.ipv4.tcp_child_ehash_entries} is EHASH, and checked here. Reading /proc/net/tcp then
 * walks a small table rather than this machine's (which loopback hosts share), so the transport's
 * own cost shows; the local cat runs in a host namespace too.
 *
 * <pre>ShellCostBench WORK_DIR TCPFLEET_LAUNCHER HOSTS SWEEPS CONCURRENCY RC_ITERATIONS [EHASH]</pre>
 * Prints one {@code key=value} line per run, then a Markdown table.
 */
public final class ShellCostBench {

    private static final Pattern SWEEP = Pattern.compile("sweep: (\\d+)/(\\d+) ok.*, ((?:\\d+[dhms]+)+)$");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final String RESTRICTED = "command=\"cat /proc/net/tcp /proc/net/tcp6\",no-pty,no-port-forwarding,"
            + "no-agent-forwarding,no-X11-forwarding";

    /** A monitoring login: its shell and the ~/.bashrc it reads (empty: none). */
    record Login(String name, Path shell, String bashrc) {
    }

    /** One measured run; {@code catMs}: what the same number of local {@code cat}s cost just after it. */
    record Row(String login, String contender, int hosts, int ok, double hostMs, double catMs, double clientMs,
               double wallMs, String load) {
        String line() {
            return String.format(Locale.ROOT, "login=%s contender=%s hosts=%d ok=%d host_cpu_per_poll_ms=%.2f"
                    + " local_cat_ms=%.2f client_cpu_per_poll_ms=%.2f sweep_wall_ms=%.0f load=%s", login, contender, hosts,
                    ok, hostMs, catMs, clientMs, wallMs, load);
        }
    }

    private final Path work;
    private final Path launcher;
    private final int hosts;
    private final int sweeps;
    private final int concurrency;
    private final ProcessCpu cpu = new ProcessCpu(100);
    /** Names this run's cgroups. */
    private final String cgroupPrefix = "tcpfleet-shellbench-" + ProcessHandle.current().pid() + "-";
    /** The hosts' namespaces; null: the hosts are loopback addresses of this namespace. */
    private final NetnsLab lab;
    private int runs;

    private ShellCostBench(Path work, Path launcher, int hosts, int sweeps, int concurrency, NetnsLab lab) {
        this.work = work;
        this.launcher = launcher;
        this.hosts = hosts;
        this.sweeps = sweeps;
        this.concurrency = concurrency;
        this.lab = lab;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int hosts = Integer.parseInt(args[2]);
        int ehash = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        NetnsLab lab = ehash > 0 ? NetnsLab.open(Files.createDirectories(work.resolve("lab")), hosts) : null;
        Thread removeLab = new Thread(() -> close(lab), "remove-lab");
        Runtime.getRuntime().addShutdownHook(removeLab); // a killed run leaves no namespace behind
        try {
            String table = ehashEntries(lab == null ? null : lab.hostNs(0));
            System.out.println("hosts: " + (lab == null ? "loopback addresses of this namespace" : "network namespaces "
                    + lab.hostNs(0) + "..") + ", their net.ipv4.tcp_ehash_entries=" + table
                    + " (negative: this machine's table, shared)");
            if (lab != null && !table.equals(Integer.toString(ehash))) {
                throw new IllegalStateException("the hosts' TCP table has " + table + " buckets, not " + ehash
                        + ": run this JVM in a namespace whose net.ipv4.tcp_child_ehash_entries is " + ehash);
            }
            new ShellCostBench(work, Path.of(args[1]), hosts, Integer.parseInt(args[3]), Integer.parseInt(args[4]), lab)
                    .run(Integer.parseInt(args[5]));
        } finally {
            close(lab);
            Runtime.getRuntime().removeShutdownHook(removeLab);
        }
    }

    private void run(int rcIterations) throws Exception {
        String burn = "i=0; while [ $i -lt " + rcIterations + " ]; do i=$((i+1)); done\n";
        List<Row> rows = new ArrayList<>();
        for (Login login : List.of(new Login("bash+100ms-rc", Path.of("/bin/bash"), burn), new Login("sh", Path.of("/bin/sh"), ""))) {
            rows.add(collect(login, "kept+shell", "persistent", false));
            rows.add(collect(login, "kept+exec(restricted key)", "persistent", true));
            rows.add(collect(login, "tcpfleet fresh", "fresh", false));
            rows.add(openssh(login));
        }
        System.out.println();
        System.out.println("| login shell | contender | hosts ok | host CPU per poll (ms) | of which a local cat (ms) | above it (ms)"
                + " | collector CPU per poll (ms) | sweep wall, median (ms) | load (1/5/15 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d/%d | %.2f | %.2f | %.2f | %.2f | %.0f | %s |%n", r.login(), r.contender(),
                    r.ok(), r.hosts(), r.hostMs(), r.catMs(), r.hostMs() - r.catMs(), r.clientMs(), r.wallMs(), r.load());
        }
    }

    /** N sshd for one run, all for the same client key; closed by pid. */
    private final class Fleet implements AutoCloseable {
        final List<OpenSshd> sshds = new ArrayList<>();
        final Path dir = work.resolve("run" + ++runs);
        final Path knownHosts = dir.resolve("known_hosts");
        final Path hostList = dir.resolve("hosts");
        final Path sshConfig = dir.resolve("ssh_config");
        final Path names = dir.resolve("names");
        final CgroupCpu cgroup = CgroupCpu.create(cgroupPrefix + dir.getFileName());

        private final Thread onKill = new Thread(this::stopAll, "stop-fleet");

        Fleet(Login login, boolean restricted) throws IOException, InterruptedException {
            Runtime.getRuntime().addShutdownHook(onKill); // a killed run leaves no sshd (nor cgroup) behind
            Path home = Files.createDirectories(dir.resolve("home"));
            if (!login.bashrc().isEmpty()) {
                Files.writeString(home.resolve(".bashrc"), login.bashrc());
            }
            StringBuilder kh = new StringBuilder();
            StringBuilder list = new StringBuilder();
            StringBuilder cfg = new StringBuilder();
            StringBuilder n = new StringBuilder();
            for (int i = 0; i < hosts; i++) {
                Path d = Files.createDirectories(dir.resolve("sshd" + i));
                for (String f : List.of("id_ed25519", "id_ed25519.pub")) {
                    Files.copy(work.resolve(f), d.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                OpenSshd.Builder b = (lab == null ? OpenSshd.in(d, "127.0.90." + (10 + i))
                        : OpenSshd.in(d, lab.address(i)).netns(lab.hostNs(i)))
                        .loginShell(login.shell(), home).config(List.of("MaxStartups 100:30:200"));
                OpenSshd s = (restricted ? b.keyOptions(RESTRICTED) : b).start();
                sshds.add(s);
                cgroup.add(s.process().pid()); // before any login: each session's processes are its children
                kh.append(s.knownHostsLine("ed25519")).append('\n');
                list.append("root@").append(s.address()).append(':').append(s.port()).append('\n');
                cfg.append("Host h").append(i).append("\n  HostName ").append(s.address()).append("\n  Port ")
                        .append(s.port()).append("\n  User root\n");
                n.append('h').append(i).append('\n');
            }
            Files.writeString(knownHosts, kh);
            Files.writeString(hostList, list);
            Files.writeString(sshConfig, cfg);
            Files.writeString(names, n);
        }

        long hostNanos() throws IOException {
            return cgroup.nanos();
        }

        @Override
        public void close() {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(onKill);
        }

        private void stopAll() {
            try {
                for (OpenSshd s : sshds) {
                    s.close();
                }
                cgroup.close();
            } catch (IOException e) {
                System.err.println("fleet: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code tcpfleet collect} for SWEEPS + 1 sweeps: sweeps 2 to SWEEPS are measured, not sweep 1
     * (the logins) nor the last (after it the daemon stops and the connections end).
     */
    private Row collect(Login login, String contender, String mode, boolean restricted) throws Exception {
        try (Fleet f = new Fleet(login, restricted)) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "collect", "-i", f.hostList.toString(),
                    "--known-hosts", f.knownHosts.toString(), "--identity", work.resolve("id_ed25519").toString(),
                    "--ssh-config", "none", "--interval", "1s", "--sweeps", Integer.toString(sweeps + 1), "--listen", "none",
                    "--concurrency", Integer.toString(concurrency), "--connections", mode)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("HOME", Files.createDirectories(f.dir.resolve("client")).toString());
            pb.environment().put("TCPFLEET_HOME", f.dir.resolve("data").toString());
            pb.environment().remove("SSH_AUTH_SOCK");
            Process p = pb.start();
            long host0 = 0;
            long client0 = 0;
            long host1 = 0;
            long client1 = 0;
            int seen = 0;
            int ok = hosts;
            long previous = 0;
            List<Double> walls = new ArrayList<>();
            StringBuilder log = new StringBuilder();
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    long now = System.nanoTime();
                    log.append(line).append('\n');
                    Matcher m = SWEEP.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    seen++;
                    if (seen == 1) {
                        host0 = f.hostNanos();
                        client0 = cpu.processNanos(p.pid());
                    } else if (seen <= sweeps) {
                        ok = Math.min(ok, Integer.parseInt(m.group(1)));
                        // the log prints whole seconds from 1 s on; a sweep that long overran the 1 s interval,
                        // so the next one started as soon as it was logged: the gap between the lines is its time
                        double logged = millis(m.group(3));
                        walls.add(logged < 1000 ? logged : (now - previous) / 1e6);
                    }
                    if (seen == sweeps) { // measured before the extra last sweep, whose end tears the connections down
                        host1 = f.hostNanos();
                        client1 = cpu.processNanos(p.pid());
                    }
                    previous = now;
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || seen != sweeps + 1) {
                throw new IllegalStateException("collect ended after " + seen + " sweeps:\n" + log);
            }
            double polls = (double) (sweeps - 1) * hosts;
            return print(new Row(login.name(), contender, hosts, ok, (host1 - host0) / polls / 1e6, localCat(),
                    (client1 - client0) / polls / 1e6, median(walls), load()));
        }
    }

    /** The OpenSSH client: one login per host per sweep, CONCURRENCY at a time. */
    private Row openssh(Login login) throws Exception {
        try (Fleet f = new Fleet(login, false)) {
            String ssh = "ssh -F " + f.sshConfig + " -i " + work.resolve("id_ed25519") + " -o UserKnownHostsFile=" + f.knownHosts
                    + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o LogLevel=ERROR -o ControlMaster=no -o ControlPath=none";
            String script = "TIMEFORMAT='%3R %3U %3S'; { time xargs -P " + concurrency + " -I{} " + ssh
                    + " {} 'cat /proc/net/tcp /proc/net/tcp6' < " + f.names + " > " + f.dir.resolve("out") + " 2> "
                    + f.dir.resolve("err") + "; } 2>&1";
            long host0 = f.hostNanos();
            double clientSeconds = 0;
            int ok = hosts;
            List<Double> walls = new ArrayList<>();
            for (int s = 0; s < sweeps - 1; s++) {
                Process p = new ProcessBuilder("bash", "-c", script).start();
                String[] t = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
                p.waitFor();
                walls.add(Double.parseDouble(t[0]) * 1000);
                clientSeconds += Double.parseDouble(t[1]) + Double.parseDouble(t[2]);
                long headers = Files.readAllLines(f.dir.resolve("out")).stream().filter(l -> l.contains("local_address")).count();
                ok = Math.min(ok, (int) (headers / 2));
            }
            long host1 = f.hostNanos();
            double polls = (double) (sweeps - 1) * hosts;
            return print(new Row(login.name(), "OpenSSH fresh login (xargs -P " + concurrency + " ssh)", hosts, ok,
                    (host1 - host0) / polls / 1e6, localCat(), clientSeconds * 1000 / polls, median(walls), load()));
        }
    }

    /**
     * CPU of one {@code cat /proc/net/tcp /proc/net/tcp6} run locally by /bin/sh (fork, exec, and the
     * kernel's walk of the TCP hash tables, twice per file): the floor of any poll, with or without SSH.
     */
    private double localCat() throws IOException, InterruptedException {
        int n = (sweeps - 1) * hosts;
        // waits for "go", runs the cats, says "done", and waits (so that all its time can be read) for stdin's end
        List<String> cmd = new ArrayList<>();
        if (lab != null) { // where the hosts are; nsenter execs the shell, whose pid is measured
            cmd.addAll(List.of("nsenter", "--net=/run/netns/" + lab.hostNs(0)));
        }
        cmd.addAll(List.of("/bin/sh", "-c", "read go; i=0; while [ $i -lt " + n
                + " ]; do cat /proc/net/tcp /proc/net/tcp6 >/dev/null; i=$((i+1)); done; echo done; read end"));
        try (CgroupCpu cgroup = CgroupCpu.create(cgroupPrefix + "cat" + runs)) {
            Process p = new ProcessBuilder(cmd).start();
            cgroup.add(p.pid());
            long before = cgroup.nanos();
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            long after = cgroup.nanos();
            p.getOutputStream().close();
            p.waitFor();
            return (after - before) / (double) n / 1e6;
        }
    }

    /** net.ipv4.tcp_ehash_entries in this namespace (null) or a named one. */
    private static String ehashEntries(String namespace) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (namespace != null) {
            cmd.addAll(List.of("nsenter", "--net=/run/netns/" + namespace));
        }
        cmd.addAll(List.of("sysctl", "-n", "net.ipv4.tcp_ehash_entries"));
        return NetnsLab.output(cmd.toArray(String[]::new)).trim();
    }

    private static void close(NetnsLab lab) {
        if (lab != null) {
            try {
                lab.close(); // once: a second call does nothing
            } catch (IOException | InterruptedException e) {
                System.err.println("netns lab: close: " + e);
            }
        }
    }

    private static Row print(Row r) {
        System.out.println(r.line());
        return r;
    }

    /** "250ms", "2s", "1m30s" in milliseconds (sweeps of a second or more are logged to the second). */
    static double millis(String text) {
        Matcher m = PART.matcher(text);
        double ms = 0;
        while (m.find()) {
            long v = Long.parseLong(m.group(1));
            ms += switch (m.group(2)) {
                case "ms" -> v;
                case "s" -> v * 1000.0;
                case "m" -> v * 60_000.0;
                case "h" -> v * 3_600_000.0;
                default -> v * 86_400_000.0;
            };
        }
        return ms;
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
    }

    static String load() throws IOException {
        String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return l[0] + "/" + l[1] + "/" + l[2];
    }
}
