package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files as ssh-keygen writes them: RSA and ed25519, encrypted with a passphrase. */
@RequiresE2E(Tool.SSH_CLIENT)
class SshKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void passphraseProtectedRsaAndEd25519Keys() throws Exception {
        for (String type : List.of("rsa", "ed25519")) {
            Path key = dir.resolve("id_" + type);
            Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "correct horse", "-f", key.toString())
                    .redirectErrorStream(true).start();
            assertEquals(true, p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, type);
            PublicKey pub = PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(key + ".pub")).trim())
                    .resolvePublicKey(null, null, null);
            try (FakeSshHost h = FakeSshHost.on("127.0.1.7").authorize(pub).start()) {
                Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine(h.hostKey().getPublic()) + "\n");
                SshSettings base = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(key))
                        .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
                Host host = Host.ssh("h", h.address(), h.port(), null);
                assertEquals(PollStatus.OK, poll(base.withSecrets("correct horse".toCharArray(), null), host).status(), type);
                assertEquals(PollStatus.AUTH_FAILED, poll(base.withSecrets("wrong".toCharArray(), null), host).status(), type);
            }
        }
    }

    @Test
    void anEncryptedKeyWithoutOrWithAWrongPassphraseSaysSo() throws Exception {
        Path key = dir.resolve("id_ed25519");
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
        PublicKey pub = PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(key + ".pub")).trim())
                .resolvePublicKey(null, null, null);
        try (FakeSshHost h = FakeSshHost.on("127.0.1.17").authorize(pub).start()) {
            Path kh = Files.writeString(dir.resolve("known_hosts"), h.knownHostsLine() + "\n");
            SshSettings base = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(key))
                    .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
            Host host = Host.ssh("h", h.address(), h.port(), null);

            PollResult none = poll(base, host);
            assertEquals(PollStatus.AUTH_FAILED, none.status(), none.error());
            assertTrue(none.error().contains(key + " is encrypted and no passphrase was given"), none.error());
            assertTrue(none.error().contains("--passphrase-file") && none.error().contains("TCPFLEET_SSH_PASSPHRASE"), none.error());

            PollResult wrong = poll(base.withSecrets("wrong".toCharArray(), null), host);
            assertEquals(PollStatus.AUTH_FAILED, wrong.status(), wrong.error());
            assertTrue(wrong.error().contains("wrong passphrase for " + key), wrong.error());
            assertTrue(wrong.error().contains("--passphrase-file") && wrong.error().contains("TCPFLEET_SSH_PASSPHRASE"), wrong.error());
        }
    }

    private static PollResult poll(SshSettings s, Host host) {
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(host);
        }
    }
}
