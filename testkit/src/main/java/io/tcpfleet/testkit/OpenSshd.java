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

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;

    /**
     * Starts sshd on {@code address} with one host key per type in {@code hostKeyTypes} (e.g.
     * "ed25519", "rsa"), files under {@code dir}.
     */
    public static OpenSshd start(Path dir, String address, String... hostKeyTypes) throws IOException, InterruptedException {
        return start(dir, address, List.of(), hostKeyTypes);
    }

    /** Starts sshd with extra sshd_config lines, e.g. {@code HostCertificate FILE}. */
    public static OpenSshd start(Path dir, String address, List<String> extraConfig, String... hostKeyTypes)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path client = dir.resolve("id_ed25519");
        if (!Files.exists(client)) {
            run(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "tcpfleet-test", "-f", client.toString());
        }
        Files.copy(Path.of(client + ".pub"), dir.resolve("authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> config = new ArrayList<>();
        for (String type : hostKeyTypes) {
            config.add("HostKey " + hostKey(dir, type));
        }
        config.addAll(extraConfig);
        int port = freePort(address);
        config.addAll(List.of("ListenAddress " + address + ":" + port, "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "UsePAM no", "StrictModes no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                "AllowTcpForwarding yes", "LogLevel ERROR", ""));
        Path file = dir.resolve("sshd_config");
        Files.writeString(file, String.join("\n", config));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshd sshd = new OpenSshd(dir, address, port, p);
        sshd.awaitListening();
        return sshd;
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

    /** The private key that may log in (ed25519, no passphrase). */
    public Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    /** The known_hosts line for this server's host key of {@code type}, e.g. "rsa". */
    public String knownHostsLine(String type) throws IOException {
        String[] pub = Files.readString(dir.resolve("host_" + type + ".pub")).trim().split("\\s+");
        return "[" + address + "]:" + port + " " + pub[0] + " " + pub[1];
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
