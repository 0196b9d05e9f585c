package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.TestKeys;
import io.tcpfleet.testkit.Tool;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with a key held by a real OpenSSH ssh-agent: the private key never enters tcpfleet. */
class SshAgentAuthTest {

    @TempDir
    Path dir;

    @Test
    @RequiresE2E(Tool.SSH_CLIENT)
    void aKeyInTheAgentLogsInAndAnEmptyAgentDoesNot() throws Exception {
        KeyPair client = TestKeys.ecdsa();
        Path key = TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try (FakeSshHost h = FakeSshHost.on("127.0.1.6").authorize(client.getPublic()).start()) {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) {
                Thread.sleep(20);
            }
            Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine(h.hostKey().getPublic()) + "\n");
            // identities: a file that does not exist, so that only the agent can log us in
            SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(dir.resolve("none")))
                    .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5))
                    .withAgent(sock);
            Host host = Host.ssh("h", h.address(), h.port(), null);

            try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                assertEquals(PollStatus.AUTH_FAILED, p.poll(host).status(), "the agent holds no key yet");
            }
            ProcessBuilder add = new ProcessBuilder("/usr/bin/ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process a = add.start();
            String out = new String(a.getInputStream().readAllBytes());
            assertTrue(a.waitFor(10, TimeUnit.SECONDS) && a.exitValue() == 0, out);

            try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                PollResult r = p.poll(host);
                assertEquals(PollStatus.OK, r.status(), r.error());
            }
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
