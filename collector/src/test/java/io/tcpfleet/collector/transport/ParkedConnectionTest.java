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
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.Reader;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept connections park between polls ({@link ParkableSshClient}): no reader thread while idle,
 * and the next poll picks the stream up where it stopped, whatever the server sent meanwhile.
 */
class ParkedConnectionTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    SshSettings settings(FakeSshHost h) throws Exception {
        StringBuilder kh = new StringBuilder();
        for (String a : h.addresses()) {
            kh.append(h.knownHostsLine(a, h.hostKey().getPublic())).append('\n');
        }
        return SshSettings.defaults().withKnownHosts(Files.writeString(dir.resolve("known_hosts"), kh), false)
                .withIdentities(List.of(TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"))))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    static List<Host> hosts(FakeSshHost h) {
        List<Host> hosts = new ArrayList<>();
        for (String a : h.addresses()) {
            hosts.add(Host.ssh(a, a, h.port(), null));
        }
        return hosts;
    }

    /** Live sshj reader threads reading from {@code addressPrefix} (sshj names them after the remote address). */
    static long readers(String addressPrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t instanceof Reader && t.isAlive() && t.getName().contains("/" + addressPrefix))
                .count();
    }

    /** Waits (at most 5 s) until the parked readers have left: each does within a tick. */
    static long readersAfterParking(String addressPrefix) throws InterruptedException {
        long n = readers(addressPrefix);
        for (int i = 0; i < 50 && n > 0; i++) {
            Thread.sleep(100);
            n = readers(addressPrefix);
        }
        return n;
    }

    @Test
    void idleKeptConnectionsHoldNoReaderThreadAndTheNextSweepNeedsNoLogin() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            addresses.add("127.0.7." + i);
        }
        try (FakeSshHost h = FakeSshHost.on(addresses).authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC(), 4)) {
            for (int sweep = 1; sweep <= 3; sweep++) {
                for (PollResult r : p.pollAll(hosts(h))) {
                    assertEquals(PollStatus.OK, r.status(), r.error());
                    assertEquals(2, r.tally().get(TcpState.LISTEN));
                }
                assertEquals(12, t.keptConnections());
                assertEquals(0, readersAfterParking("127.0.7."), "an idle kept connection holds no reader thread");
            }
            assertEquals(12, h.logins(), "one login per host: the parked connections were used again");
        }
    }

    @Test
    void whatTheServerSendsWhileParkedIsHandledWhenThePollResumes() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.7.20").authorize(client.getPublic()).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            Host host = hosts(h).get(0);
            assertEquals(PollStatus.OK, p.poll(host).status());
            assertEquals(0, readersAfterParking("127.0.7.20"));
            h.rekey(); // the server's KEXINIT waits in the socket of a connection nobody reads
            Thread.sleep(300);
            for (int i = 0; i < 3; i++) {
                PollResult r = p.poll(host);
                assertEquals(PollStatus.OK, r.status(), r.error());
                assertEquals(2, r.tally().get(TcpState.LISTEN));
            }
            assertEquals(1, h.logins(), "the key exchange completed on the kept connection");
        }
    }

    @Test
    void throughAJumpHostTheJumpHopParksAndTheTunnelledTargetKeepsItsReader() throws Exception {
        try (FakeSshHost jump = FakeSshHost.on("127.0.7.30").jumpHost().authorize(client.getPublic()).start();
             FakeSshHost target = FakeSshHost.on("127.0.7.31").authorize(client.getPublic()).start()) {
            SshSettings s = settings(target); // writes known_hosts with the target: the jump host's line is added
            Files.writeString(s.knownHosts(), jump.knownHostsLine() + "\n", StandardOpenOption.APPEND);
            Host host = Host.ssh("t", target.address(), target.port(), null)
                    .withProxyJump("monitor@" + jump.address() + ":" + jump.port());
            try (SshTransport t = new SshTransport(s, SshTransport.ConnectionMode.PERSISTENT);
                 Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                for (int i = 0; i < 3; i++) {
                    PollResult r = p.poll(host);
                    assertEquals(PollStatus.OK, r.status(), r.error());
                    assertEquals(0, readersAfterParking("127.0.7.30"), "the jump host's client has its own socket: parked");
                    assertEquals(1, readers("127.0.7.31"), "the target's client reads a channel of the jump host's: not parked");
                }
                assertEquals(1, jump.logins());
                assertEquals(1, target.logins());
            }
        }
    }

    @Test
    void theServerMaySendPacketsOfAtMostSixteenKiBAndLargeOutputStillArrivesWhole() throws Exception {
        ConcurrentLinkedQueue<Long> packetSizes = new ConcurrentLinkedQueue<>();
        StringBuilder dump = new StringBuilder(FakeSshHost.DUMP);
        String row = FakeSshHost.DUMP.split("\n")[2] + "\n"; // one ESTABLISHED row, kernel-padded
        for (int i = 0; i < 20_000; i++) {
            dump.append(row); // 3 MB: hundreds of packets
        }
        try (FakeSshHost h = FakeSshHost.on("127.0.7.21").authorize(client.getPublic())
                .dump(dump.toString().getBytes(StandardCharsets.US_ASCII))
                .configure(server -> server.addChannelListener(new ChannelListener() {
                    @Override
                    public void channelOpenSuccess(Channel channel) {
                        packetSizes.add(channel.getRemoteWindow().getPacketSize());
                    }
                })).start();
             SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
             Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            for (int i = 0; i < 2; i++) {
                PollResult r = p.poll(hosts(h).get(0));
                assertEquals(PollStatus.OK, r.status(), r.error());
                assertEquals(20_001, r.tally().get(TcpState.ESTABLISHED));
            }
            assertTrue(!packetSizes.isEmpty(), "a channel was opened");
            // sshj keeps a packet buffer the size of the largest packet received for the whole
            // connection, rounded up to a power of two: with at most 16 KiB - 512 of data per
            // packet (header, padding and MAC fit in the rest) it stays 16 KiB, not 64.
            packetSizes.forEach(size -> assertTrue(size <= 16 * 1024 - 512, "announced packet size " + size));
        }
    }

    @Test
    void closingTheTransportLogsOutOfParkedConnections() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.7.22", "127.0.7.23").authorize(client.getPublic()).start()) {
            try (SshTransport t = new SshTransport(settings(h), SshTransport.ConnectionMode.PERSISTENT);
                 Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC(), 2)) {
                p.pollAll(hosts(h)).forEach(r -> assertEquals(PollStatus.OK, r.status(), r.error()));
                assertEquals(0, readersAfterParking("127.0.7.2"));
                assertEquals(2, h.openConnections());
            }
            for (int i = 0; i < 50 && h.openConnections() > 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(0, h.openConnections(), "a parked connection is closed with the transport");
        }
    }

    @Test
    void aParkedClientNoLongerHoldsThePollThatOpenedItAndResumesWhereItStopped() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.7.24").authorize(client.getPublic()).start()) {
            CountingWatcher w = new CountingWatcher();
            WeakReference<CountingWatcher> watcher = new WeakReference<>(w);
            ParkableSshClient c = loggedIn(h, settings(h), w);
            try {
                assertEquals(1, w.connected);
                assertTrue(w.greeting.startsWith("SSH-2.0-"), w.greeting);
                assertTrue(c.park());
                w = null;
                for (int i = 0; i < 20 && watcher.get() != null; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                assertNull(watcher.get(), "the watcher (the poll attempt behind it) is dropped when the client parks");
                assertEquals(0, readersAfterParking("127.0.7.24"));
                assertTrue(c.resume());
                try (Session session = c.startSession()) {
                    Session.Command cmd = session.exec(FakeSshHost.COMMAND);
                    String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertEquals(FakeSshHost.DUMP + FakeSshHost.DUMP6, out);
                }
            } finally {
                c.close();
            }
        }
    }

    private ParkableSshClient loggedIn(FakeSshHost h, SshSettings s, ParkableSshClient.Watcher w) throws Exception {
        ParkableSshClient c = new ParkableSshClient(OpenSshClientConfig.INSTANCE, w);
        c.addHostKeyVerifier(new KnownHostsVerifier(new KnownHostsFile(s.knownHosts(), false),
                OpenSshClientConfig.INSTANCE.hostKeyAlgorithms(), h.address()));
        c.connect(h.address(), h.port());
        new SshAuthenticator(s, new IdentityFiles(null, OpenSshClientConfig.INSTANCE)).authenticate(c, "monitor", null);
        return c;
    }

    static final class CountingWatcher implements ParkableSshClient.Watcher {
        volatile int connected;
        volatile String greeting = "";

        @Override
        public void tcpConnected() {
            connected++;
        }

        @Override
        public void greeting(String firstBytes) {
            greeting = firstBytes;
        }
    }
}
