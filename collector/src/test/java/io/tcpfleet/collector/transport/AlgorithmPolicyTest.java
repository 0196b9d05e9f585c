package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What tcpfleet offers in the key exchange: OpenSSH 9's client defaults, and known key types first. */
class AlgorithmPolicyTest {

    @TempDir
    Path dir;

    final KeyPair client = TestKeys.ecdsa();

    PollResult poll(FakeSshHost h, String knownHostsLine) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), knownHostsLine + "\n");
        Path key = TestKeys.writeOpenSsh(client, dir.resolve("id_ecdsa"));
        SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(key))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(Host.ssh("h", h.address(), h.port(), null));
        }
    }

    /** Like OpenSSH 9's sshd: rsa-sha2-512/256 for its RSA key, never SHA-1 ssh-rsa. */
    static void noSha1Rsa(SshServer s) {
        s.setSignatureFactories(List.of(BuiltinSignatures.ed25519, BuiltinSignatures.nistp256,
                BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256));
    }

    @Test
    void aHostKnownOnlyByItsRsaKeyIsAskedForRsaSha2() throws Exception {
        KeyPair rsa = TestKeys.rsa();
        try (FakeSshHost h = FakeSshHost.on("127.0.2.10").hostKey(rsa).alsoHostKey(TestKeys.ed25519())
                .authorize(client.getPublic()).configure(AlgorithmPolicyTest::noSha1Rsa).start()) {
            PollResult r = poll(h, h.knownHostsLine(rsa.getPublic()));
            assertEquals(PollStatus.OK, r.status(), r.error());
        }
    }

    @Test
    void weakAlgorithmsAreNotOffered() throws Exception {
        List<NamedFactory<org.apache.sshd.common.cipher.Cipher>> ctr = List.of(BuiltinCiphers.aes128ctr);
        Map<String, Consumer<SshServer>> weak = Map.of(
                "diffie-hellman-group1-sha1", s -> s.setKeyExchangeFactories(List.of(ServerBuilder.DH2KEX.apply(BuiltinDHFactories.dhg1))),
                "3des-cbc", s -> s.setCipherFactories(List.of(BuiltinCiphers.tripledescbc)),
                "arcfour128", s -> s.setCipherFactories(List.of(BuiltinCiphers.arcfour128)),
                "arcfour256", s -> s.setCipherFactories(List.of(BuiltinCiphers.arcfour256)),
                "hmac-md5", s -> {
                    s.setCipherFactories(ctr);
                    s.setMacFactories(List.of(BuiltinMacs.hmacmd5, BuiltinMacs.hmacmd596));
                });
        for (Map.Entry<String, Consumer<SshServer>> w : weak.entrySet()) {
            try (FakeSshHost h = FakeSshHost.on("127.0.2.11").authorize(client.getPublic()).configure(w.getValue()).start()) {
                PollResult r = poll(h, h.knownHostsLine());
                assertEquals("PROTOCOL_ERROR", r.status().name(), w.getKey() + ": " + r.error());
                assertTrue(r.error().contains("algorithm"), r.error());
            }
        }
    }

    @Test
    void sshDssHostKeysAreNotAccepted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
        g.initialize(1024);
        KeyPair dsa = g.generateKeyPair();
        try (FakeSshHost h = FakeSshHost.on("127.0.2.12").hostKey(dsa).authorize(client.getPublic())
                .configure(s -> s.setSignatureFactories(List.of(BuiltinSignatures.dsa))).start()) {
            PollResult r = poll(h, h.knownHostsLine());
            assertEquals("PROTOCOL_ERROR", r.status().name(), r.error());
        }
    }
}
