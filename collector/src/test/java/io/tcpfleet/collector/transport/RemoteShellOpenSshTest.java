package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.E2EPrerequisites;
import io.tcpfleet.testkit.OpenSshd;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The remote shell loop against a REAL OpenSSH sshd on a loopback port, logged in as root whose
 * login shell and home are the test's own (sshd runs in a private mount namespace where
 * /etc/passwd says so: no real file changes). Every rc file of the home appends a line to
 * {@code $HOME/logins}, so the test counts how often sshd started the login shell.
 */
@RequiresE2E({Tool.ROOT, Tool.SSHD, Tool.SSH_CLIENT, Tool.UNSHARE})
class RemoteShellOpenSshTest {

    static final String FORCED = "cat /proc/net/tcp /proc/net/tcp6";

    @TempDir
    Path dir;

    /** A home whose rc files (bash, zsh, ksh, sh) each count a login shell start. */
    Path home() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String count = "echo \"$0\" >> \"$HOME/logins\"\n";
        for (String rc : List.of(".bashrc", ".zshenv", ".kshrc", ".profile")) {
            Files.writeString(home.resolve(rc), count);
        }
        return home;
    }

    int logins(Path home) throws Exception {
        Path f = home.resolve("logins");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    SshTransport transport(OpenSshd sshd, SshTransport.ConnectionMode mode) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine("ed25519") + "\n");
        SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(sshd.clientKey()))
                .withDefaultUser("root").withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(15));
        return new SshTransport(s, mode);
    }

    static Host host(OpenSshd sshd) {
        return Host.ssh("h", sshd.address(), sshd.port(), null);
    }

    /** The loop processes sshd runs now: /bin/sh running tcpfleet's loop. */
    static Set<Long> loops(OpenSshd sshd) {
        return sshd.process().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("while read -r n")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    static void assertOk(PollResult r) {
        assertEquals(PollStatus.OK, r.status(), r.error());
        assertNull(r.note(), r.note());
        assertTrue(r.tally().get(TcpState.LISTEN) >= 1, "this machine's table has sshd's listener");
    }

    static void awaitNoLoop(OpenSshd sshd) throws InterruptedException {
        for (int i = 0; i < 100 && !loops(sshd).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(Set.of(), loops(sshd), "the loop ends with its connection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/dash", "/bin/bash", "/usr/bin/zsh", "/usr/bin/ksh93"})
    void aKeptConnectionPollsThroughOneLoopWhateverTheLoginShell(String shell) throws Exception {
        if (shell.endsWith("zsh")) {
            E2EPrerequisites.require(Tool.ZSH);
        } else if (shell.endsWith("ksh93")) {
            E2EPrerequisites.require(Tool.KSH);
        }
        Path home = home();
        try (OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), "127.0.5.1").loginShell(Path.of(shell), home).start()) {
            Set<Long> seen = new HashSet<>();
            try (SshTransport t = transport(sshd, SshTransport.ConnectionMode.PERSISTENT);
                 Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                for (int i = 0; i < 4; i++) {
                    assertOk(p.poll(host(sshd)));
                    Set<Long> now = loops(sshd);
                    assertEquals(1, now.size(), "one loop per kept connection: " + now);
                    seen.addAll(now);
                }
                assertEquals(1, seen.size(), "the same loop served every poll: " + seen);
                assertEquals(0, t.shellRestarts());
                assertEquals(0, t.forcedCommandHosts());
            }
            awaitNoLoop(sshd);
            if (shell.endsWith("bash") || shell.endsWith("zsh")) { // the shells that read an rc file for `-c`
                assertEquals(1, logins(home), "the login shell started once for 4 polls");
            }
        }
    }

    @Test
    void aKilledLoopIsStartedAgainOnTheSameConnection() throws Exception {
        Path home = home();
        try (OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), "127.0.5.2").loginShell(Path.of("/bin/bash"), home).start();
             SshTransport t = transport(sshd, SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            assertOk(p.poll(host(sshd)));
            long first = loops(sshd).iterator().next();
            ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
            for (int i = 0; i < 100 && ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // sshd reports the exit to the client
            assertOk(p.poll(host(sshd)));
            assertOk(p.poll(host(sshd)));
            Set<Long> now = loops(sshd);
            assertEquals(1, now.size(), now.toString());
            assertNotEquals(first, now.iterator().next());
            assertEquals(1, t.shellRestarts());
            assertEquals(1, t.keptConnections());
            assertEquals(2, logins(home), "one login shell per loop, on one SSH login");
        }
    }

    @Test
    void aKeyRestrictedToCatIsPolledWithOneExecPerPoll() throws Exception {
        Path home = home();
        try (OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), "127.0.5.3").loginShell(Path.of("/bin/bash"), home)
                .keyOptions("command=\"" + FORCED + "\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc")
                .start()) {
            assertPolledByExec(sshd, home);
        }
    }

    @Test
    void aForceCommandInSshdConfigIsPolledWithOneExecPerPoll() throws Exception {
        Path home = home();
        try (OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), "127.0.5.4").loginShell(Path.of("/bin/bash"), home)
                .config(List.of("ForceCommand " + FORCED)).start()) {
            assertPolledByExec(sshd, home);
        }
    }

    void assertPolledByExec(OpenSshd sshd, Path home) throws Exception {
        try (SshTransport t = transport(sshd, SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                assertOk(p.poll(host(sshd)));
                assertEquals(Set.of(), loops(sshd));
            }
            assertEquals(1, t.forcedCommandHosts());
            assertEquals(0, t.shellRestarts());
            assertEquals(1, t.keptConnections());
        }
        // the first poll tried the loop (the forced command ran instead) and then ran one exec
        assertEquals(2 + 2, logins(home));
    }

    @Test
    void freshModeStillRunsOneExecPerLogin() throws Exception {
        Path home = home();
        try (OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), "127.0.5.5").loginShell(Path.of("/bin/bash"), home).start();
             SshTransport t = transport(sshd, SshTransport.ConnectionMode.FRESH);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            for (int i = 0; i < 2; i++) {
                assertOk(p.poll(host(sshd)));
                assertEquals(Set.of(), loops(sshd));
            }
            assertEquals(2, logins(home));
            assertEquals(0, t.keptConnections());
        }
    }
}
