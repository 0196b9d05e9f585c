package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProxyJump chains: every hop is used in order, and a failing hop is named as the host that failed. */
class JumpChainTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    PollResult poll(String knownHosts, Host host) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), knownHosts);
        Path key = TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"));
        SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(key))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(6));
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(host);
        }
    }

    static String hop(FakeSshHost h) {
        return "monitor@" + h.address() + ":" + h.port();
    }

    @Test
    void bothHopsOfAChainAreUsedInOrder() throws Exception {
        try (FakeSshHost j1 = FakeSshHost.on("127.0.2.21").jumpHost().authorize(client.getPublic()).start();
             FakeSshHost j2 = FakeSshHost.on("127.0.2.22").jumpHost().authorize(client.getPublic()).start();
             FakeSshHost target = FakeSshHost.on("127.0.2.23").authorize(client.getPublic()).start()) {
            Host host = Host.ssh("t", target.address(), target.port(), null).withProxyJump(hop(j1) + "," + hop(j2));
            PollResult r = poll(j1.knownHostsLine() + "\n" + j2.knownHostsLine() + "\n" + target.knownHostsLine() + "\n", host);
            assertEquals(PollStatus.OK, r.status(), r.error());
            assertEquals(1, j1.logins(), "first hop");
            assertEquals(1, j2.logins(), "second hop");
            assertEquals(1, target.logins(), "target");
        }
    }

    @Test
    void aRefusingJumpHostIsNamedAsTheHostThatFailed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.2.24"))) {
            closed = s.getLocalPort();
        }
        try (FakeSshHost target = FakeSshHost.on("127.0.2.25").authorize(client.getPublic()).start()) {
            Host host = Host.ssh("t", target.address(), target.port(), null).withProxyJump("monitor@127.0.2.24:" + closed);
            PollResult r = poll(target.knownHostsLine() + "\n", host);
            assertEquals(PollStatus.REFUSED, r.status(), r.error());
            assertTrue(r.error().contains("jump host monitor@127.0.2.24:" + closed), r.error());
            assertFalse(r.error().contains(host.target()), "the target did not refuse anything: " + r.error());
        }
    }

    @Test
    void anUnknownKeyOnTheSecondHopNamesThatHop() throws Exception {
        try (FakeSshHost j1 = FakeSshHost.on("127.0.2.26").jumpHost().authorize(client.getPublic()).start();
             FakeSshHost j2 = FakeSshHost.on("127.0.2.27").jumpHost().authorize(client.getPublic()).start();
             FakeSshHost target = FakeSshHost.on("127.0.2.28").authorize(client.getPublic()).start()) {
            Host host = Host.ssh("t", target.address(), target.port(), null).withProxyJump(hop(j1) + "," + hop(j2));
            PollResult r = poll(j1.knownHostsLine() + "\n" + target.knownHostsLine() + "\n", host);
            assertEquals(PollStatus.HOSTKEY_UNKNOWN, r.status(), r.error());
            assertTrue(r.error().contains("jump host " + hop(j2)), r.error());
            assertTrue(r.error().contains("[127.0.2.27]:" + j2.port()), r.error());
            assertFalse(r.error().contains(host.target()), r.error());
        }
    }
}
