package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tcpfleet poll} in its own JVM (logging configured as in production, its own
 * {@code $HOME}) against MINA hosts that fail in the routine ways: exactly one tcpfleet line per
 * failed host on stderr, no library log lines, stack traces or MD5 fingerprints; the library's
 * detail only with {@code --debug}; what --accept-new recorded; ~/.ssh is {@code $HOME/.ssh}.
 */
class PollProcessTest {

    @TempDir
    static Path dir;

    static final KeyPair CLIENT = TestKeys.ecdsa();
    static final List<AutoCloseable> SERVERS = new ArrayList<>();
    static FakeSshHost ok;
    static FakeSshHost stranger;
    static FakeSshHost impostor;
    static FakeSshHost locked;
    static Path inventory;
    static Path knownHosts;
    static Path key;

    @BeforeAll
    static void fleet() throws Exception {
        ok = serve(FakeSshHost.on("127.0.4.1").authorize(CLIENT.getPublic()).start());
        stranger = serve(FakeSshHost.on("127.0.4.2").authorize(CLIENT.getPublic()).start());
        impostor = serve(FakeSshHost.on("127.0.4.3").authorize(CLIENT.getPublic()).start());
        locked = serve(FakeSshHost.on("127.0.4.4").behavior(FakeSshHost.Behavior.REJECT_AUTH).authorize(CLIENT.getPublic()).start());
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.4.5"))) {
            closed = s.getLocalPort();
        }
        ServerSocket http = serve(new ServerSocket(0, 50, InetAddress.getByName("127.0.4.6")));
        Thread t = new Thread(() -> {
            while (!http.isClosed()) {
                try (Socket s = http.accept()) {
                    s.getInputStream().read(new byte[256]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        knownHosts = Files.writeString(dir.resolve("known_hosts"), ok.knownHostsLine() + "\n" + locked.knownHostsLine() + "\n"
                + impostor.knownHostsLine(TestKeys.ecdsa().getPublic()) + "\n");
        key = TestKeys.writeOpenSsh(CLIENT, dir.resolve("id_ecdsa"));
        inventory = Files.writeString(dir.resolve("hosts.ini"), String.join("\n",
                "[all]",
                line("ok", ok.address(), ok.port()),
                line("stranger", stranger.address(), stranger.port()),
                line("impostor", impostor.address(), impostor.port()),
                line("locked", locked.address(), locked.port()),
                line("refused", "127.0.4.5", closed),
                line("web", "127.0.4.6", http.getLocalPort()),
                ""));
    }

    static String line(String name, String address, int port) {
        return name + " ansible_host=" + address + " ansible_port=" + port + " ansible_user=monitor";
    }

    static <T extends AutoCloseable> T serve(T server) {
        SERVERS.add(server);
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable s : SERVERS) {
            s.close();
        }
    }

    record Run(int exit, String out, List<String> err) {
    }

    /** The real command in its own JVM (so logging is configured as in production), $HOME in the temp dir. */
    static Run tcpfleet(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        pb.environment().put("TCPFLEET_HOME", dir.resolve("data").toString());
        pb.environment().remove("SSH_AUTH_SOCK");
        pb.environment().remove("TCPFLEET_DEBUG");
        pb.redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tcpfleet did not finish");
        return new Run(p.exitValue(), out, Files.readAllLines(dir.resolve("stderr")));
    }

    @Test
    void routineFailuresGiveOneLinePerHostAndNoLibraryNoise() throws Exception {
        Run r = tcpfleet("poll", "-i", inventory.toString(), "--known-hosts", knownHosts.toString(), "--identity", key.toString(),
                "--ssh-config", "none", "--no-store", "--timeout", "10s", "--format", "json");
        String all = String.join("\n", r.err());
        assertEquals(1, r.exit(), all);
        List<String> failed = List.of("stranger", "impostor", "locked", "refused", "web");
        assertEquals(failed.size(), r.err().size(), "one line per failed host:\n" + all);
        for (String host : failed) {
            assertEquals(1, r.err().stream().filter(l -> l.startsWith("tcpfleet: " + host + ": ")).count(), host + ":\n" + all);
        }
        for (String noise : List.of(" ERROR ", " WARN ", "Exception", "\tat ", "MD5", "net.schmizz", "hierynomus", "sshj")) {
            assertFalse(all.contains(noise), "'" + noise + "' on stderr:\n" + all);
        }
        assertTrue(all.contains("tcpfleet: web: PROTOCOL_ERROR: "), all);
    }

    @Test
    void debugShowsTheLibrarysDetail() throws Exception {
        Run r = tcpfleet("poll", "--debug", "-i", inventory.toString(), "--limit", "stranger",
                "--known-hosts", knownHosts.toString(), "--identity", key.toString(), "--ssh-config", "none", "--no-store");
        String all = String.join("\n", r.err());
        assertEquals(1, r.exit(), all);
        assertTrue(all.contains("net.schmizz") || all.contains("DEBUG"), all);
    }

    @Test
    void acceptNewSaysWhatItRecorded() throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts_accept"), ok.knownHostsLine() + "\n");
        Run r = tcpfleet("poll", "-i", inventory.toString(), "--limit", "stranger", "--known-hosts", kh.toString(),
                "--accept-new", "--identity", key.toString(), "--ssh-config", "none", "--no-store");
        String all = String.join("\n", r.err());
        assertEquals(0, r.exit(), all);
        assertEquals(1, r.err().size(), all);
        byte[] blob = Base64.getDecoder().decode(PublicKeyEntry.toString(stranger.hostKey().getPublic()).split(" ")[1]);
        String fingerprint = "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        String said = r.err().get(0);
        assertTrue(said.contains("stranger") && said.contains("ecdsa-sha2-nistp256") && said.contains(fingerprint)
                && said.contains(kh.toString()), said);
        assertTrue(Files.readString(kh).contains(stranger.knownHostsLine()), Files.readString(kh));
    }

    @Test
    void sshFilesAreFoundInHomeNotInJavasUserHome() throws Exception {
        Path ssh = Files.createDirectories(dir.resolve("home").resolve(".ssh"));
        Files.writeString(ssh.resolve("known_hosts"), ok.knownHostsLine() + "\n");
        TestKeys.writeOpenSsh(CLIENT, ssh.resolve("id_ecdsa"));
        try {
            // no --known-hosts, --identity or --ssh-config: all from $HOME/.ssh
            Run r = tcpfleet("poll", "-i", inventory.toString(), "--limit", "ok", "--no-store", "--format", "json");
            assertEquals(0, r.exit(), String.join("\n", r.err()) + r.out());
        } finally {
            for (String f : List.of("known_hosts", "id_ecdsa", "id_ecdsa.pub")) {
                Files.delete(ssh.resolve(f));
            }
        }
    }
}
