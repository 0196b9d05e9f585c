package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.testkit.OpenSshd;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept connections against a REAL OpenSSH sshd in its own process (so this JVM's heap holds only
 * the client side): what an idle one costs (no thread, well under 0.1 MB of heap, where sshj alone
 * keeps a reader thread with a 256 KiB buffer and a 64 KiB packet buffer, ~0.33 MB), and what
 * happens when sshd times a parked one out. Needs root and sshd (CI sets TCPFLEET_E2E=required:
 * then a missing piece fails).
 */
@RequiresE2E({Tool.ROOT, Tool.SSHD, Tool.SSH_CLIENT})
class KeptConnectionOpenSshTest {

    /** sshd listens on at most 16 addresses; one login each, since logins are kept per address. */
    static final int HOSTS = 16;

    @TempDir
    Path dir;

    @Test
    void anIdleKeptConnectionHoldsNoThreadAndUnderOneTenthOfAMegabyteOfHeap() throws Exception {
        List<String> extra = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        for (int i = 2; i <= HOSTS; i++) {
            String address = "127.0.8." + i;
            int port = freePort(address);
            extra.add("ListenAddress " + address + ":" + port);
            hosts.add(Host.ssh(address, address, port, null));
        }
        try (OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), "127.0.8.1", extra, "ed25519")) {
            hosts.add(Host.ssh(sshd.address(), sshd.address(), sshd.port(), null));
            String key = sshd.knownHostsLine("ed25519").split(" ", 2)[1];
            StringBuilder kh = new StringBuilder();
            hosts.forEach(h -> kh.append('[').append(h.address()).append("]:").append(h.port()).append(' ').append(key).append('\n'));
            SshSettings s = SshSettings.defaults().withKnownHosts(Files.writeString(dir.resolve("known_hosts"), kh), false)
                    .withIdentities(List.of(sshd.clientKey())).withDefaultUser("root")
                    .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10));
            try (SshTransport t = new SshTransport(s, SshTransport.ConnectionMode.PERSISTENT)) {
                try (Poller ssh = new Poller(t, TallyOptions.full(), Clock.systemUTC(), 4)) {
                    for (int sweep = 0; sweep < 2; sweep++) {
                        for (PollResult r : ssh.pollAll(hosts)) {
                            assertEquals(PollStatus.OK, r.status(), r.error());
                        }
                    }
                }
                assertEquals(HOSTS, t.keptConnections());
                assertEquals(0, ParkedConnectionTest.readersAfterParking("127.0.8."), "threads per idle kept connection");
                long kept = usedHeapAfterGc();
                t.close(); // logs out of every kept connection: what is freed is what they held
                long perConnection = (kept - usedHeapAfterGc()) / HOSTS;
                System.out.printf("heap per idle kept connection: %d bytes%n", perConnection);
                assertTrue(perConnection < 100_000, "heap per idle kept connection: " + perConnection + " bytes");
            }
        }
    }

    @Test
    void aParkedConnectionThatSshdTimedOutIsNoticedAtTheNextPollWhichLogsInAgain() throws Exception {
        // sshd asks an idle client every second and gives up after two unanswered asks: a parked
        // connection answers nothing, so sshd drops it while it idles.
        try (OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), "127.0.8.30",
                List.of("LogLevel INFO", "ClientAliveInterval 1", "ClientAliveCountMax 1"), "ed25519")) {
            Path kh = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine("ed25519") + "\n");
            SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(sshd.clientKey()))
                    .withDefaultUser("root").withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10));
            Host host = Host.ssh("h", sshd.address(), sshd.port(), null);
            Path log = dir.resolve("sshd").resolve("sshd.log");
            try (SshTransport t = new SshTransport(s, SshTransport.ConnectionMode.PERSISTENT);
                 Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                assertEquals(PollStatus.OK, p.poll(host).status());
                for (int i = 0; i < 100 && !Files.readString(log).contains("Timeout, client not responding"); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.readString(log).contains("Timeout, client not responding"), Files.readString(log));
                PollResult r = p.poll(host);
                assertEquals(PollStatus.OK, r.status(), r.error());
                assertEquals(2, Files.readString(log).split("Accepted publickey", -1).length - 1, "logged in again");
                assertEquals(1, t.keptConnections());
            }
        }
    }

    /** The heap in use after full collections, the least of three (garbage made meanwhile only adds). */
    static long usedHeapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static int freePort(String address) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }
}
