package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent mode: one login per host across polls, one remote shell loop serving them, re-login when dropped. */
class SshPersistentConnectionTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    SshSettings settings(FakeSshHost h) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine(h.hostKey().getPublic()) + "\n");
        return SshSettings.defaults().withKnownHosts(kh, false)
                .withIdentities(List.of(TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"))))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    @Test
    void persistentModeLogsInOncePerHostAndPollsThroughOneRemoteShell() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.2").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = Host.ssh("h", h.address(), h.port(), null);
            for (int i = 0; i < 3; i++) {
                PollResult r = p.poll(host);
                assertEquals(PollStatus.OK, r.status(), r.error());
                assertEquals(2, r.tally().get(TcpState.LISTEN));
            }
            assertEquals(1, h.logins());
            assertEquals(1, h.commands(), "one command channel: the loop");
            assertEquals(1, h.shells());
            assertEquals(3, h.answers());
            assertEquals(1, t.keptConnections());

            h.dropConnections(); // as a restarted sshd would
            Thread.sleep(200);
            PollResult again = p.poll(host);
            assertEquals(PollStatus.OK, again.status(), again.error());
            assertEquals(2, h.logins());
            assertEquals(2, h.shells(), "a new login, a new loop");
            assertEquals(0, t.shellRestarts(), "not a restart: the connection was new");
        }
    }

    @Test
    void freshModeLogsInForEveryPollAndKeepsNothing() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.3").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.FRESH);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = Host.ssh("h", h.address(), h.port(), null);
            for (int i = 0; i < 3; i++) {
                assertEquals(PollStatus.OK, p.poll(host).status());
            }
            assertEquals(3, h.logins());
            assertEquals(0, t.keptConnections());
        }
    }

    @Test
    void connectionsBeyondTheCapLogInForEveryPoll() throws Exception {
        try (FakeSshHost a = FakeSshHost.on("127.0.1.8").authorize(client.getPublic()).start();
             FakeSshHost b = FakeSshHost.on("127.0.1.9").authorize(client.getPublic()).start()) {
            SshSettings s = settings(a);
            Path kh = Files.writeString(dir.resolve("known_hosts"), a.knownHostsLine(a.hostKey().getPublic()) + "\n"
                    + b.knownHostsLine(b.hostKey().getPublic()) + "\n");
            s = s.withKnownHosts(kh, false);
            try (SshTransport t = new SshTransport(s, SshTransport.ConnectionMode.PERSISTENT, 1);
                 Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(PollStatus.OK, p.poll(Host.ssh("a", a.address(), a.port(), null)).status());
                    assertEquals(PollStatus.OK, p.poll(Host.ssh("b", b.address(), b.port(), null)).status());
                }
                assertEquals(1, t.keptConnections());
                assertEquals(1, a.logins());   // first come: kept
                assertEquals(3, b.logins());   // over the cap: a login per poll
            }
        }
    }

    @Test
    void aFailedPollDropsTheKeptConnection() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.4").behavior(FakeSshHost.Behavior.NOT_LINUX).authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            assertEquals(PollStatus.COMMAND_FAILED, p.poll(Host.ssh("h", h.address(), h.port(), null)).status());
            assertEquals(0, t.keptConnections());
        }
    }

    @Test
    void aKeptConnectionDroppedMidOutputIsRetriedOnceWithAFreshLogin() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.10").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = Host.ssh("h", h.address(), h.port(), null);
            assertEquals(PollStatus.OK, p.poll(host).status());
            h.behave(FakeSshHost.Behavior.RESTART_MID_OUTPUT); // sshd restarts while we read
            PollResult r = p.poll(host);
            assertEquals(PollStatus.OK, r.status(), r.error());
            assertEquals(2, r.tally().get(TcpState.LISTEN), "the fresh login's answer, counted once");
            assertEquals(2, h.logins());
        }
    }

    @Test
    void aHostGoneMidSweepIsClassifiedByWhatTheFreshLoginMeets() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.11").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = Host.ssh("h", h.address(), h.port(), null);
            assertEquals(PollStatus.OK, p.poll(host).status());
            h.behave(FakeSshHost.Behavior.VANISH_MID_OUTPUT); // the host goes away while we read
            PollResult r = p.poll(host);
            assertEquals(PollStatus.REFUSED, r.status(), r.error());
            assertEquals(0, t.keptConnections());
        }
    }

    @Test
    void aKeptConnectionThatStallsNamesTheStepThatFailed() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.1.12").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = Host.ssh("h", h.address(), h.port(), null);
            assertEquals(PollStatus.OK, p.poll(host).status());
            h.behave(FakeSshHost.Behavior.HANG_MID_OUTPUT);
            PollResult r = p.poll(host);
            assertEquals(PollStatus.TIMEOUT, r.status(), r.error());
            assertTrue(r.error().contains("reading the output") && r.error().contains("kept connection"), r.error());
            assertTrue(!r.error().contains("trying to connect"), r.error());
        }
    }
}
