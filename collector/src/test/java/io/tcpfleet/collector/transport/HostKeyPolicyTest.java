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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * known_hosts decisions that must be at least as strict as OpenSSH 9's (DESIGN.md section 8),
 * against hosts that present exactly the key each case needs (certificates: OpenSshHostKeyTest).
 */
class HostKeyPolicyTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    SshSettings settings(Path knownHosts, boolean acceptNew) throws Exception {
        Path key = dir.resolve("id_ecdsa");
        if (!Files.exists(key)) {
            TestKeys.writeOpenSsh(client, key);
        }
        return SshSettings.defaults().withKnownHosts(knownHosts, acceptNew).withIdentities(List.of(key))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    PollResult poll(SshSettings s, FakeSshHost h) {
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(Host.ssh("h", h.address(), h.port(), null));
        }
    }

    @Test
    void aHostKnownByEd25519ThatNowPresentsOnlyRsaHasChangedAndNothingIsWritten() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.2.1").hostKey(TestKeys.rsa()).authorize(client.getPublic()).start()) {
            Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine(TestKeys.ed25519().getPublic()) + "\n");
            String before = Files.readString(kh);
            for (boolean acceptNew : new boolean[] {false, true}) {
                PollResult r = poll(settings(kh, acceptNew), h);
                assertEquals(PollStatus.HOSTKEY_CHANGED, r.status(), r.error());
                assertTrue(r.error().contains("ssh-ed25519") && r.error().contains("ssh-rsa"), r.error());
                assertFalse(r.error().contains("--accept-new"), "never advise accept-new for a known host: " + r.error());
                assertEquals(before, Files.readString(kh), "accept-new " + acceptNew + " wrote to known_hosts");
            }
        }
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAnotherLineListsIt() throws Exception {
        KeyPair hostKey = TestKeys.ecdsa();
        try (FakeSshHost h = FakeSshHost.on("127.0.2.2").hostKey(hostKey).authorize(client.getPublic()).start()) {
            String plain = h.knownHostsLine();
            String revoked = "@revoked * " + PublicKeyEntry.toString(hostKey.getPublic());
            for (String lines : List.of(plain + "\n" + revoked + "\n", revoked + "\n" + plain + "\n")) {
                Path kh = Files.writeString(dir.resolve("known_hosts"), lines);
                PollResult r = poll(settings(kh, true), h);
                assertEquals(PollStatus.HOSTKEY_CHANGED, r.status(), lines + r.error());
                assertTrue(r.error().contains("revoked"), r.error());
                assertEquals(lines, Files.readString(kh));
            }
        }
    }

    @Test
    void acceptNewCreatesTheDirectory0700AndTheFile0600() throws Exception {
        try (FakeSshHost h = FakeSshHost.on("127.0.2.4").authorize(client.getPublic()).start()) {
            Path ssh = dir.resolve("home").resolve(".ssh");
            Path kh = ssh.resolve("known_hosts");
            PollResult r = poll(settings(kh, true), h);
            assertEquals(PollStatus.OK, r.status(), r.error());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kh)));
            assertEquals(h.knownHostsLine() + "\n", Files.readString(kh));
        }
    }
}
