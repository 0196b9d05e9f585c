package io.tcpfleet.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a loopback address and port, run by a test in the foreground
 * ({@code -D}) from files in the test's own directory, and ended by pid. Host keys are made with
 * {@code ssh-keygen}; the client key of {@link #clientKey()} may log in as the current user. Needs
 * {@link Tool#ROOT} (sshd's privilege separation), {@link Tool#SSHD} and {@link Tool#SSH_CLIENT}.
 */
public final class OpenSshd implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    /** For {@link Builder#loginShell}: util-linux's unshare. */
    public static final Path UNSHARE = Path.of("/usr/bin/unshare");

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;

    /**
     * Starts sshd on {@code address} with one host key per type in {@code hostKeyTypes} (e.g.
     * "ed25519", "rsa"), files under {@code dir}.
     */
    public static OpenSshd start(Path dir, String address, String... hostKeyTypes) throws IOException, InterruptedException {
        return in(dir, address).hostKeys(hostKeyTypes).start();
    }

    /** Starts sshd with extra sshd_config lines, e.g. {@code HostCertificate FILE}. */
    public static OpenSshd start(Path dir, String address, List<String> extraConfig, String... hostKeyTypes)
            throws IOException, InterruptedException {
        return in(dir, address).hostKeys(hostKeyTypes).config(extraConfig).start();
    }

    /** An sshd with files under {@code dir}, listening on {@code address} (a free port). */
    public static Builder in(Path dir, String address) {
        return new Builder(dir, address);
    }

    /** Sets up an sshd. */
    public static final class Builder {
        private final Path dir;
        private final String address;
        private final List<String> hostKeyTypes = new ArrayList<>();
        private final List<String> extraConfig = new ArrayList<>();
        private String keyOptions = "";
        private Path loginShell;
        private Path loginHome;
        private String netns;

        private Builder(Path dir, String address) {
            this.dir = dir;
            this.address = address;
        }

        /** One host key per type, e.g. "ed25519", "rsa" (default: ed25519). */
        public Builder hostKeys(String... types) {
            hostKeyTypes.addAll(List.of(types));
            return this;
        }

        /** Extra sshd_config lines, e.g. {@code HostCertificate FILE} or {@code ForceCommand ...}. */
        public Builder config(List<String> lines) {
            extraConfig.addAll(lines);
            return this;
        }

        /** Options in front of the client key in authorized_keys, e.g. {@code command="...",no-pty}. */
        public Builder keyOptions(String options) {
            this.keyOptions = options;
            return this;
        }

        /**
         * The login's shell and home directory as sshd sees them. sshd takes both from the passwd
         * entry, so this sshd runs in a private mount namespace ({@code unshare -m}) in which
         * /etc/passwd is a copy whose root entry has this shell and home: no real file changes,
         * and the shell's rc files are read from {@code home}.
         */
        public Builder loginShell(Path shell, Path home) {
            this.loginShell = shell;
            this.loginHome = home;
            return this;
        }

        /**
         * Runs sshd in this named network namespace ({@code ip netns exec}), on port 22 of
         * {@code address}, an address of that namespace which the caller's namespace reaches (e.g. a
         * {@link NetnsLab} host).
         */
        public Builder netns(String namespace) {
            this.netns = namespace;
            return this;
        }

        public OpenSshd start() throws IOException, InterruptedException {
            return OpenSshd.start(this);
        }
    }

    private static OpenSshd start(Builder b) throws IOException, InterruptedException {
        Path dir = b.dir;
        Files.createDirectories(dir);
        Path client = dir.resolve("id_ed25519");
        if (!Files.exists(client)) {
            run(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "tcpfleet-test", "-f", client.toString());
        }
        String pub = Files.readString(Path.of(client + ".pub")).trim();
        Files.writeString(dir.resolve("authorized_keys"), (b.keyOptions.isEmpty() ? "" : b.keyOptions + " ") + pub + "\n");
        List<String> config = new ArrayList<>();
        for (String type : b.hostKeyTypes.isEmpty() ? List.of("ed25519") : b.hostKeyTypes) {
            config.add("HostKey " + hostKey(dir, type));
        }
        config.addAll(b.extraConfig);
        int port = b.netns == null ? freePort(b.address) : 22; // a namespace of its own: nobody else's port
        config.addAll(List.of("ListenAddress " + b.address + ":" + port, "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "UsePAM no", "StrictModes no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                "AllowTcpForwarding yes", "LogLevel ERROR", ""));
        Path file = dir.resolve("sshd_config");
        Files.writeString(file, String.join("\n", config));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        List<String> cmd = new ArrayList<>();
        if (b.netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", b.netns)); // execs the rest: the pid stays sshd's
        }
        if (b.loginShell != null) {
            cmd.addAll(List.of(UNSHARE.toString(), "--mount", "--propagation", "private", "/bin/sh", "-c",
                    "mount --bind \"$0\" /etc/passwd && exec \"$@\"", passwdWithRootAs(dir, b.loginShell, b.loginHome)));
        }
        cmd.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshd sshd = new OpenSshd(dir, b.address, port, p);
        sshd.awaitListening();
        return sshd;
    }

    /** A copy of /etc/passwd in {@code dir} whose root entry has this shell and home. */
    private static String passwdWithRootAs(Path dir, Path shell, Path home) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":", -1);
            if (f.length == 7 && f[0].equals("root")) {
                line = String.join(":", f[0], f[1], f[2], f[3], f[4], home.toString(), shell.toString());
                found = true;
            }
            out.append(line).append('\n');
        }
        if (!found) {
            throw new IOException("no root entry in /etc/passwd");
        }
        Path copy = dir.resolve("passwd");
        Files.writeString(copy, out);
        return copy.toString();
    }

    /** The host key of {@code type} in {@code dir} (made with ssh-keygen if absent); its public half is beside it, .pub. */
    public static Path hostKey(Path dir, String type) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve("host_" + type);
        if (!Files.exists(key)) {
            run(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-f", key.toString());
        }
        return key;
    }

    /** Runs ssh-keygen with these arguments, e.g. to sign a certificate. */
    public static void sshKeygen(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SSH_KEYGEN.toString()));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    private OpenSshd(Path dir, String address, int port, Process process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The sshd process (the listener; each connection is a process below it). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The private key that may log in (ed25519, no passphrase). */
    public Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    /** The known_hosts line for this server's host key of {@code type}, e.g. "rsa" (port 22: the bare address, as OpenSSH). */
    public String knownHostsLine(String type) throws IOException {
        String[] pub = Files.readString(dir.resolve("host_" + type + ".pub")).trim().split("\\s+");
        return (port == 22 ? address : "[" + address + "]:" + port) + " " + pub[0] + " " + pub[1];
    }

    private void awaitListening() throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("sshd died: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("sshd does not listen on " + address + ":" + port);
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** Ends this sshd and the session processes it forked, by pid. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
