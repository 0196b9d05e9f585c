package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.testkit.OpenSshd;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpfleet collect} in its own JVM (production logging) against two REAL OpenSSH hosts
 * whose login shell is bash with an rc file that counts its runs: one plain, one whose key is
 * restricted to {@code command="cat /proc/net/tcp /proc/net/tcp6"} (the README's hardening). Both
 * are polled every sweep without a failure or a log line about the difference; the plain host
 * starts its login shell once for all sweeps, the restricted one once per poll (plus one probe).
 */
class CollectRemoteShellTest {

    static final int SWEEPS = 4;
    /** The key options the README recommends, verbatim. */
    static final String RESTRICTION = "restrict,command=\"cat /proc/net/tcp /proc/net/tcp6\"";
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmeShowsTheLoopAndTheRestrictionVerbatim() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        assertTrue(readme.contains(SshTransport.SHELL_COMMAND), "README documents the remote shell loop exactly");
        assertTrue(readme.contains(RESTRICTION + " ssh-ed25519 AAAA"), "README recommends the tested restriction");
    }

    @TempDir
    Path dir;

    @Test
    @RequiresE2E({Tool.ROOT, Tool.SSHD, Tool.SSH_CLIENT, Tool.UNSHARE})
    void bothAPlainAndARestrictedHostArePolledQuietlyThePlainOneThroughOneLoginShell() throws Exception {
        Path plainHome = home("plain");
        Path restrictedHome = home("restricted");
        Path plainDir = dir.resolve("sshd-plain");
        Path restrictedDir = Files.createDirectories(dir.resolve("sshd-restricted"));
        try (OpenSshd plain = OpenSshd.in(plainDir, "127.0.7.1").loginShell(Path.of("/bin/bash"), plainHome).start()) {
            for (String f : List.of("id_ed25519", "id_ed25519.pub")) { // one client key for both hosts
                Files.copy(plainDir.resolve(f), restrictedDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            try (OpenSshd restricted = OpenSshd.in(restrictedDir, "127.0.7.2")
                    .loginShell(Path.of("/bin/bash"), restrictedHome)
                    .keyOptions(RESTRICTION)
                    .start()) {
                Path kh = Files.writeString(dir.resolve("known_hosts"),
                        plain.knownHostsLine("ed25519") + "\n" + restricted.knownHostsLine("ed25519") + "\n");
                Path hosts = Files.writeString(dir.resolve("hosts"), "root@127.0.7.1:" + plain.port() + "\n"
                        + "root@127.0.7.2:" + restricted.port() + "\n");
                List<String> err = collect("-i", hosts.toString(), "--known-hosts", kh.toString(),
                        "--identity", plain.clientKey().toString(), "--ssh-config", "none", "--interval", "1s",
                        "--sweeps", Integer.toString(SWEEPS), "--listen", "none");
                String all = String.join("\n", err);
                assertEquals(SWEEPS, err.stream().filter(l -> l.contains("sweep: 2/2 ok")).count(), all);
                for (String noise : List.of("WARN", "ERROR", "shell", "forced", "exec", "restricted", "Exception")) {
                    assertFalse(all.contains(noise), "'" + noise + "' on stderr:\n" + all);
                }
            }
        }
        assertEquals(1, runs(plainHome), "the plain host's login shell ran once for " + SWEEPS + " sweeps");
        assertEquals(2 + (SWEEPS - 1), runs(restrictedHome), "a probe, then one exec per poll");
    }

    Path home(String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve(".bashrc"), "echo x >> \"$HOME/runs\"\n");
        return home;
    }

    static int runs(Path home) throws Exception {
        return Files.readAllLines(home.resolve("runs")).size();
    }

    /** Runs collect to its end; its stderr lines. */
    List<String> collect(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "collect"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("client-home")).toString());
        pb.environment().put("TCPFLEET_HOME", dir.resolve("data").toString());
        pb.environment().remove("SSH_AUTH_SOCK");
        pb.environment().remove("TCPFLEET_DEBUG");
        pb.redirectError(dir.resolve("stderr").toFile());
        pb.redirectOutput(dir.resolve("stdout").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "collect did not finish");
        List<String> err = Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", err));
        return err;
    }
}
