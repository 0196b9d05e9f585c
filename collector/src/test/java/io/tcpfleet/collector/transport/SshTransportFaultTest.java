package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fleet of simulated hosts, each misbehaving its own way, polled in one sweep: every host gets
 * its class, and no misbehaving host holds up the others.
 */
class SshTransportFaultTest {

    static final Duration DEADLINE = Duration.ofSeconds(4);

    @TempDir
    static Path dir;

    static final KeyPair CLIENT = TestKeys.ecdsa();
    static final List<FakeSshHost.Behavior> FAULTS = List.of(FakeSshHost.Behavior.NORMAL,
            FakeSshHost.Behavior.HANG_MID_OUTPUT, FakeSshHost.Behavior.SLOW_DRIP, FakeSshHost.Behavior.DISCONNECT_MID_OUTPUT,
            FakeSshHost.Behavior.GARBAGE, FakeSshHost.Behavior.HUGE, FakeSshHost.Behavior.REJECT_AUTH,
            FakeSshHost.Behavior.NOT_LINUX, FakeSshHost.Behavior.NO_IPV6);
    static final Map<FakeSshHost.Behavior, FakeSshHost> HOSTS = new EnumMap<>(FakeSshHost.Behavior.class);
    static FakeSshHost impostor;          // presents a different key than known_hosts has
    static FakeSshHost stranger;          // not in known_hosts at all
    static ServerSocket silent;        // accepts TCP, never says a word
    static final List<Socket> silentClients = new ArrayList<>();
    static int closedPort;
    static Path knownHosts;
    static Path key;

    @BeforeAll
    static void startFleet() throws Exception {
        StringBuilder kh = new StringBuilder();
        int i = 2;
        for (FakeSshHost.Behavior b : FAULTS) {
            FakeSshHost h = FakeSshHost.on("127.0.0." + i++).behavior(b).authorize(CLIENT.getPublic()).start();
            HOSTS.put(b, h);
            kh.append(h.knownHostsLine(h.hostKey().getPublic())).append('\n');
        }
        impostor = FakeSshHost.on("127.0.0." + i++).authorize(CLIENT.getPublic()).start();
        kh.append(impostor.knownHostsLine(TestKeys.ecdsa().getPublic())).append('\n');
        stranger = FakeSshHost.on("127.0.0." + i++).authorize(CLIENT.getPublic()).start();
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0." + i++));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    silentClients.add(silent.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.99"))) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        knownHosts = Files.writeString(dir.resolve("known_hosts"), kh);
        key = TestKeys.writeOpenSsh(CLIENT, dir.resolve("id_ecdsa"));
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (FakeSshHost h : HOSTS.values()) {
            h.close();
        }
        impostor.close();
        stranger.close();
        silent.close();
        for (Socket s : silentClients) {
            s.close();
        }
    }

    static SshSettings settings() {
        return SshSettings.defaults().withKnownHosts(knownHosts, false).withIdentities(List.of(key))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), DEADLINE)
                .withMaxOutputBytes(1 << 20);
    }

    static Host host(FakeSshHost.Behavior b) {
        FakeSshHost h = HOSTS.get(b);
        return Host.ssh(b.name().toLowerCase(), h.address(), h.port(), null);
    }

    /** Fresh logins run one exec per poll; kept connections run the remote shell loop: the same classes. */
    @ParameterizedTest
    @EnumSource(SshTransport.ConnectionMode.class)
    void everyFailureIsClassifiedAndNoHostHoldsUpTheOthers(SshTransport.ConnectionMode mode) {
        List<Host> fleet = new ArrayList<>();
        HOSTS.keySet().forEach(b -> fleet.add(host(b)));
        fleet.add(Host.ssh("impostor", impostor.address(), impostor.port(), null));
        fleet.add(Host.ssh("stranger", stranger.address(), stranger.port(), null));
        fleet.add(Host.ssh("silent", silent.getInetAddress().getHostAddress(), silent.getLocalPort(), null));
        fleet.add(Host.ssh("refused", "127.0.0.99", closedPort, null));

        Map<String, Long> arrival = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        List<PollResult> results;
        try (SshTransport transport = new SshTransport(settings(), mode);
             Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC(), fleet.size())) {
            results = poller.pollAll(fleet, (r, done, total) -> arrival.put(r.host().name(), System.nanoTime() - t0));
        }
        Map<String, PollResult> byName = new java.util.HashMap<>();
        results.forEach(r -> byName.put(r.host().name(), r));

        PollResult normal = byName.get("normal");
        assertEquals(PollStatus.OK, normal.status(), normal.error());
        assertEquals(1, normal.tally().get(TcpState.TIME_WAIT));
        assertEquals(2, normal.tally().get(TcpState.LISTEN));
        assertNull(normal.note());

        assertEquals(PollStatus.TIMEOUT, byName.get("hang_mid_output").status());
        assertEquals(PollStatus.TIMEOUT, byName.get("slow_drip").status());
        assertEquals(PollStatus.TIMEOUT, byName.get("silent").status(), byName.get("silent").error());
        assertEquals(PollStatus.COMMAND_FAILED, byName.get("disconnect_mid_output").status());
        assertEquals(PollStatus.PARSE_FAILED, byName.get("garbage").status());
        assertEquals(PollStatus.OUTPUT_TOO_LARGE, byName.get("huge").status());
        assertEquals(PollStatus.AUTH_FAILED, byName.get("reject_auth").status());
        PollResult notLinux = byName.get("not_linux");
        assertEquals(PollStatus.COMMAND_FAILED, notLinux.status());
        assertTrue(notLinux.error().contains("No such file"), notLinux.error());
        PollResult noV6 = byName.get("no_ipv6");
        assertEquals(PollStatus.OK, noV6.status(), noV6.error());
        assertEquals(3, noV6.tally().total());
        assertTrue(noV6.note().contains("tcp6"), noV6.note());
        PollResult changed = byName.get("impostor");
        assertEquals(PollStatus.HOSTKEY_CHANGED, changed.status());
        assertTrue(changed.error().startsWith("HOST KEY CHANGED"), changed.error());
        PollResult unknown = byName.get("stranger");
        assertEquals(PollStatus.HOSTKEY_UNKNOWN, unknown.status());
        assertTrue(unknown.error().contains("--accept-new"), unknown.error());
        assertEquals(PollStatus.REFUSED, byName.get("refused").status());

        // The well-behaved host's answer did not wait for the hanging ones.
        assertTrue(arrival.get("normal") < arrival.get("hang_mid_output"), arrival.toString());
        assertTrue(arrival.get("normal") < arrival.get("silent"), arrival.toString());
        // Hanging hosts cost their deadline, not more (generous bound: this is no benchmark).
        for (String hung : List.of("hang_mid_output", "slow_drip", "silent")) {
            assertTrue(byName.get(hung).duration().compareTo(DEADLINE.multipliedBy(3)) < 0, hung);
        }
    }

    @Test
    void acceptNewRecordsAnUnknownKeyAndThenTrustsIt() throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts_new"), "");
        SshSettings s = settings().withKnownHosts(kh, true);
        Host h = Host.ssh("stranger", stranger.address(), stranger.port(), null);
        try (SshTransport transport = new SshTransport(s);
             Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC())) {
            assertEquals(PollStatus.OK, poller.poll(h).status());
        }
        String recorded = Files.readString(kh);
        assertTrue(recorded.contains("[" + stranger.address() + "]:" + stranger.port()), recorded);
        // Now strict mode trusts it.
        try (SshTransport transport = new SshTransport(settings().withKnownHosts(kh, false));
             Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC())) {
            PollResult r = poller.poll(h);
            assertEquals(PollStatus.OK, r.status(), r.error());
        }
    }

    @Test
    void acceptNewNeverAcceptsAChangedKey() {
        SshSettings s = settings().withKnownHosts(knownHosts, true);
        try (SshTransport transport = new SshTransport(s);
             Poller poller = new Poller(transport, TallyOptions.full(), Clock.systemUTC())) {
            PollResult r = poller.poll(Host.ssh("impostor", impostor.address(), impostor.port(), null));
            assertEquals(PollStatus.HOSTKEY_CHANGED, r.status());
        }
    }

    @Test
    void settingsNeverPrintSecrets() {
        String s = settings().withSecrets("hunter2".toCharArray(), "s3cret".toCharArray()).toString();
        assertNotNull(s);
        assertTrue(!s.contains("hunter2") && !s.contains("s3cret"), s);
    }
}
