package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kept connection's remote shell loop holds in the client ({@link LoopChannel}), measured on
 * the client object ({@link RetainedArrays}): nothing of its largest answer once parked, and at most
 * a window while its reader is busy.
 */
class LoopChannelTest {

    /** A table of 3 MB: a dozen of the loop's windows. */
    static final int ROWS = 20_000;

    @TempDir
    Path dir;

    final KeyPair key = TestKeys.ecdsa();
    final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopWatchdog() {
        watchdog.shutdownNow();
    }

    static byte[] bigTable() {
        String listener = FakeSshHost.DUMP.substring(150, 300);
        return (FakeSshHost.DUMP.substring(0, 150) + listener.repeat(ROWS)).getBytes(StandardCharsets.US_ASCII);
    }

    ParkableSshClient loggedIn(FakeSshHost h) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts_" + h.address()), h.knownHostsLine() + "\n");
        SshSettings s = SshSettings.defaults().withKnownHosts(kh, false)
                .withIdentities(List.of(TestKeys.writeOpenSsh(key, dir.resolve("id_" + h.address()))))
                .withDefaultUser("monitor");
        ParkableSshClient c = new ParkableSshClient(OpenSshClientConfig.INSTANCE, null);
        c.addHostKeyVerifier(new KnownHostsVerifier(new KnownHostsFile(kh, false),
                OpenSshClientConfig.INSTANCE.hostKeyAlgorithms(), h.address()));
        c.connect(h.address(), h.port());
        new SshAuthenticator(s, new IdentityFiles(null, OpenSshClientConfig.INSTANCE)).authenticate(c, "monitor", null);
        return c;
    }

    /** One poll through the loop: the reader takes a little, waits while the rest of the burst arrives, then reads on. */
    long poll(ShellSession session, Transport.OutputReader reader) throws Exception {
        AtomicLong read = new AtomicLong();
        try (PollAttempt attempt = new PollAttempt(watchdog, Duration.ofSeconds(30))) {
            ShellSession.Asked asked = session.ask(new ShellLoop().nonce(), attempt, in -> {
                reader.read(in);
                read.set(drain(in));
            }, 16 << 20);
            assertEquals(ShellSession.Reply.ANSWERED, asked.reply());
        }
        return read.get();
    }

    /**
     * Waits while the server sends what the window lets it, takes 64 KB (sshj then gave the whole
     * window back), waits again while the server sends what that let it, and reads on.
     */
    static Transport.OutputReader slowStart(Runnable whileWaiting) {
        return in -> {
            sleep(300);
            in.readNBytes(new byte[64 * 1024], 0, 64 * 1024);
            sleep(300);
            whileWaiting.run();
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the client holds once parked, after three polls of the host's table read with a slow start. */
    long heldAfterPolls(FakeSshHost h) throws Exception {
        ParkableSshClient c = loggedIn(h);
        try {
            ShellSession session = ShellSession.start(c);
            for (int i = 0; i < 3; i++) {
                poll(session, slowStart(() -> { }));
            }
            assertTrue(c.park());
            assertEquals(0, ParkedConnectionTest.readersAfterParking(h.address()));
            assertTrue(session.open(), "the loop stays open while parked");
            return RetainedArrays.of(c);
        } finally {
            c.close();
        }
    }

    @Test
    void aParkedLoopHoldsNothingOfItsLargestAnswer() throws Exception {
        try (FakeSshHost small = FakeSshHost.on("127.0.6.20").authorize(key.getPublic()).start();
             FakeSshHost large = FakeSshHost.on("127.0.6.21").dump(bigTable()).authorize(key.getPublic()).start()) {
            long smallHeld = heldAfterPolls(small);
            long largeHeld = heldAfterPolls(large);
            System.out.printf("parked client's arrays: %d bytes after a %d-byte table, %d after a 3 MB one%n",
                    smallHeld, FakeSshHost.DUMP.length(), largeHeld);
            // sshj's own stream kept the largest run that arrived ahead of the reader (512 KiB here);
            // what differs now is the client's packet buffer, which grows to 16 KiB packets and no further
            assertTrue(largeHeld - smallHeld <= 16 * 1024, "held " + largeHeld + " bytes after 3 MB, " + smallHeld + " after a small table");
            // and sshj's unused stream buffers take a byte each, not 16 KiB (40 KB held after the small table before)
            assertTrue(largeHeld < 32 * 1024, "held " + largeHeld + " bytes");
        }
    }

    @Test
    void aBusyReaderHasAtMostOneWindowWaitingForIt() throws Exception {
        try (FakeSshHost large = FakeSshHost.on("127.0.6.22").dump(bigTable()).authorize(key.getPublic()).start()) {
            ParkableSshClient c = loggedIn(large);
            try {
                ShellSession session = ShellSession.start(c);
                poll(session, in -> { }); // the client's packet buffer grows to its size
                long before = RetainedArrays.of(c);
                AtomicLong waiting = new AtomicLong();
                long rest = poll(session, slowStart(() -> waiting.set(RetainedArrays.of(c) - before)));
                assertTrue(rest > 2_000_000, "the answer streamed on: " + rest);
                // sshj gave the whole window back at the first read: two windows and more arrived
                // (what else changed in the client meanwhile is a few KB: 2 KB here)
                assertTrue(waiting.get() <= ShellSession.WINDOW + 8 * 1024, "waiting unread: " + waiting.get() + " bytes");
                assertTrue(waiting.get() >= ShellSession.WINDOW / 2, "the server did send ahead: " + waiting.get());
            } finally {
                c.close();
            }
        }
    }

    static long drain(InputStream in) throws IOException {
        return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
}
