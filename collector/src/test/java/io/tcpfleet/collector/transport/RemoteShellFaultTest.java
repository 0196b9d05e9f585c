package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote shell of a kept connection against MINA hosts that misbehave between and during
 * polls: loops that exit or die, a forced command, a hang, garbage, a huge table.
 */
class RemoteShellFaultTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    SshSettings settings(FakeSshHost h) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine() + "\n");
        return SshSettings.defaults().withKnownHosts(kh, false)
                .withIdentities(List.of(TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"))))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3))
                .withMaxOutputBytes(1 << 20);
    }

    record Rig(FakeSshHost host, SshTransport transport, Poller poller) implements AutoCloseable {
        PollResult poll() {
            return poller.poll(Host.ssh("h", host.address(), host.port(), null));
        }

        PollResult ok() {
            PollResult r = poll();
            assertEquals(PollStatus.OK, r.status(), r.error());
            assertEquals(2, r.tally().get(TcpState.LISTEN), "the table, counted once");
            return r;
        }

        @Override
        public void close() throws Exception {
            poller.close();
            transport.close();
            host.close();
        }
    }

    Rig rig(String address, FakeSshHost.Behavior behavior) throws Exception {
        return rig(FakeSshHost.on(address).behavior(behavior));
    }

    Rig rig(FakeSshHost.Builder host) throws Exception {
        FakeSshHost h = host.authorize(client.getPublic()).start();
        SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
        return new Rig(h, t, new Poller(t, TallyOptions.full(), Clock.systemUTC()));
    }

    @Test
    void theFakeHostPlaysTheCollectorsLoop() {
        assertEquals(SshTransport.SHELL_COMMAND, FakeSshHost.SHELL_COMMAND);
        assertEquals(SshTransport.COMMAND, FakeSshHost.COMMAND);
    }

    @Test
    void aShellThatExitsBetweenPollsIsStartedAgainOnTheSameLogin() throws Exception {
        try (Rig r = rig("127.0.6.1", FakeSshHost.Behavior.NORMAL)) {
            r.ok();
            r.host().endShells(); // a shell's TMOUT, an idle timeout
            Thread.sleep(200);
            assertNull(r.ok().note());
            r.ok();
            assertEquals(1, r.host().logins());
            assertEquals(2, r.host().shells());
            assertEquals(1, r.transport().shellRestarts());
        }
    }

    @Test
    void aShellKilledMidAnswerIsStartedAgainAndTheHostReadOnce() throws Exception {
        try (Rig r = rig("127.0.6.2", FakeSshHost.Behavior.NORMAL)) {
            r.ok();
            r.host().behave(FakeSshHost.Behavior.KILLED_MID_OUTPUT);
            r.ok();
            r.ok();
            assertEquals(1, r.host().logins());
            assertEquals(2, r.host().shells());
            assertEquals(1, r.transport().shellRestarts());
        }
    }

    @Test
    void aForcedCommandMeansOneExecPerPollFromThenOnWithoutAFailure() throws Exception {
        try (Rig r = rig("127.0.6.3", FakeSshHost.Behavior.FORCED_COMMAND)) {
            for (int i = 0; i < 3; i++) {
                assertNull(r.ok().note());
            }
            assertEquals(1, r.host().logins());
            assertEquals(1 + 3, r.host().commands(), "the loop once (the forced command ran), then an exec per poll");
            assertEquals(1, r.transport().forcedCommandHosts());
            assertEquals(0, r.transport().shellRestarts());
            // remembered for the login even when its connection is new
            r.host().dropConnections();
            Thread.sleep(200);
            r.ok();
            assertEquals(2, r.host().logins());
            assertEquals(1 + 4, r.host().commands());
        }
    }

    @Test
    void aForcedCommandWithALargeTableIsCutShortWhileProbingAndThenReadOnce() throws Exception {
        String listener = FakeSshHost.DUMP.substring(150, 300);
        byte[] table = (FakeSshHost.DUMP.substring(0, 150) + listener.repeat(4000))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII); // 600 KB: far more than a login shell's chatter
        try (Rig r = rig(FakeSshHost.on("127.0.6.7").behavior(FakeSshHost.Behavior.FORCED_COMMAND).dump(table))) {
            for (int i = 0; i < 2; i++) {
                PollResult p = r.poll();
                assertEquals(PollStatus.OK, p.status(), p.error());
                assertEquals(4000, p.tally().get(TcpState.LISTEN));
                assertNull(p.note());
            }
            assertEquals(1, r.transport().forcedCommandHosts());
            assertEquals(1, r.host().logins());
        }
    }

    @Test
    void aLargeTableStreamsWholeThroughTheLoopsSmallWindow() throws Exception {
        String listener = FakeSshHost.DUMP.substring(150, 300);
        int rows = 20_000; // 3 MB: a dozen windows' worth
        byte[] table = (FakeSshHost.DUMP.substring(0, 150) + listener.repeat(rows))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FakeSshHost h = FakeSshHost.on("127.0.6.8").dump(table).authorize(client.getPublic()).start();
        SshTransport t = new SshTransport(settings(h).withMaxOutputBytes(8 << 20), SshTransport.ConnectionMode.PERSISTENT);
        try (Rig r = new Rig(h, t, new Poller(t, TallyOptions.full(), Clock.systemUTC()))) {
            for (int i = 0; i < 3; i++) {
                PollResult p = r.poll();
                assertEquals(PollStatus.OK, p.status(), p.error());
                assertEquals(rows, p.tally().get(TcpState.LISTEN));
            }
            assertEquals(1, r.host().shells());
        }
    }

    @Test
    void aPollPastItsDeadlineEndsThatShellAndTheNextPollStartsANewOne() throws Exception {
        try (Rig r = rig("127.0.6.4", FakeSshHost.Behavior.NORMAL)) {
            r.ok();
            r.host().behave(FakeSshHost.Behavior.HANG_MID_OUTPUT);
            PollResult hung = r.poll();
            assertEquals(PollStatus.TIMEOUT, hung.status(), hung.error());
            assertTrue(hung.error().contains("reading the output") && hung.error().contains("kept connection"), hung.error());
            assertEquals(0, r.transport().keptConnections());
            r.host().behave(FakeSshHost.Behavior.NORMAL);
            r.ok();
            assertEquals(2, r.host().shells());
            assertEquals(2, r.host().logins());
        }
    }

    @Test
    void aHostWithoutTcp6IsANoteAndKeepsItsShell() throws Exception {
        try (Rig r = rig("127.0.6.5", FakeSshHost.Behavior.NO_IPV6)) {
            for (int i = 0; i < 2; i++) {
                PollResult p = r.poll();
                assertEquals(PollStatus.OK, p.status(), p.error());
                assertEquals(3, p.tally().total());
                assertTrue(p.note().contains("no /proc/net/tcp6"), p.note());
            }
            assertEquals(1, r.host().shells());
            assertEquals(1, r.host().logins());
        }
    }

    @Test
    void garbageAndAHugeTableFailThatPollOnlyAndTheNextPollIsFine() throws Exception {
        try (Rig r = rig("127.0.6.6", FakeSshHost.Behavior.NORMAL)) {
            r.ok();
            r.host().behave(FakeSshHost.Behavior.GARBAGE);
            assertEquals(PollStatus.PARSE_FAILED, r.poll().status());
            r.host().behave(FakeSshHost.Behavior.HUGE);
            PollResult huge = r.poll();
            assertEquals(PollStatus.OUTPUT_TOO_LARGE, huge.status(), huge.error());
            r.host().behave(FakeSshHost.Behavior.NOT_LINUX);
            PollResult notLinux = r.poll();
            assertEquals(PollStatus.COMMAND_FAILED, notLinux.status(), notLinux.error());
            assertTrue(notLinux.error().contains("exit status 1") && notLinux.error().contains("No such file"),
                    notLinux.error());
            r.host().behave(FakeSshHost.Behavior.NORMAL);
            r.ok();
            assertEquals(0, r.transport().shellRestarts());
            assertEquals(0, r.transport().forcedCommandHosts());
        }
    }
}
