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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against a REAL OpenSSH 9 sshd on a loopback port: it refuses SHA-1 {@code ssh-rsa},
 * so a host known only by its RSA key must be asked for rsa-sha2-512/256, as OpenSSH's client does.
 * Needs root and sshd (CI sets TCPFLEET_E2E=required: then a missing piece fails).
 */
@RequiresE2E({Tool.ROOT, Tool.SSHD, Tool.SSH_CLIENT})
class OpenSshHostKeyTest {

    @TempDir
    Path dir;

    PollResult poll(OpenSshd sshd, String knownHosts) throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), knownHosts + "\n");
        SshSettings s = SshSettings.defaults().withKnownHosts(kh, false).withIdentities(List.of(sshd.clientKey()))
                .withDefaultUser("root").withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10));
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(Host.ssh("h", sshd.address(), sshd.port(), null));
        }
    }

    @Test
    void aHostKnownOnlyByItsRsaKeyIsPolled() throws Exception {
        try (OpenSshd sshd = OpenSshd.start(dir.resolve("a"), "127.0.3.1", "ed25519", "rsa")) {
            PollResult r = poll(sshd, sshd.knownHostsLine("rsa"));
            assertEquals(PollStatus.OK, r.status(), r.error());
        }
    }

    @Test
    void aHostKnownByEd25519ThatOffersOnlyRsaHasChanged() throws Exception {
        String ed25519;
        try (OpenSshd first = OpenSshd.start(dir.resolve("b"), "127.0.3.2", "ed25519")) {
            ed25519 = first.knownHostsLine("ed25519").split(" ", 2)[1];
        }
        try (OpenSshd sshd = OpenSshd.start(dir.resolve("c"), "127.0.3.2", "rsa")) {
            String line = "[" + sshd.address() + "]:" + sshd.port() + " " + ed25519;
            PollResult r = poll(sshd, line);
            assertEquals(PollStatus.HOSTKEY_CHANGED, r.status(), r.error());
        }
    }

    @Test
    void aCertificateAuthorityVouchesForValidHostCertificatesOnly() throws Exception {
        String address = "127.0.3.3";
        Path ca = OpenSshd.hostKey(dir.resolve("ca"), "ed25519");
        Path kh = Files.writeString(dir.resolve("known_hosts"), "@cert-authority * " + Files.readString(Path.of(ca + ".pub")));
        // ssh-keygen -s: -h makes a host certificate, without it a user certificate
        Map<String, List<String>> certificates = new LinkedHashMap<>();
        certificates.put("valid", List.of("-h", "-n", address, "-V", "-1h:+1h"));
        certificates.put("user certificate", List.of("-n", address, "-V", "-1h:+1h"));
        certificates.put("expired", List.of("-h", "-n", address, "-V", "-2h:-1h"));
        certificates.put("for another name", List.of("-h", "-n", "elsewhere.example", "-V", "-1h:+1h"));
        for (Map.Entry<String, List<String>> c : certificates.entrySet()) {
            Path host = dir.resolve(c.getKey().replace(' ', '_'));
            Path key = OpenSshd.hostKey(host, "ed25519");
            List<String> sign = new ArrayList<>(List.of("-q", "-s", ca.toString(), "-I", c.getKey()));
            sign.addAll(c.getValue());
            sign.add(key + ".pub");
            OpenSshd.sshKeygen(sign.toArray(String[]::new));
            try (OpenSshd sshd = OpenSshd.start(host, address, List.of("HostCertificate " + key + "-cert.pub"), "ed25519")) {
                String before = Files.readString(kh);
                SshSettings s = SshSettings.defaults().withKnownHosts(kh, true).withIdentities(List.of(sshd.clientKey()))
                        .withDefaultUser("root").withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10));
                PollResult r;
                try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                    r = p.poll(Host.ssh("h", sshd.address(), sshd.port(), null));
                }
                if (c.getKey().equals("valid")) {
                    assertEquals(PollStatus.OK, r.status(), r.error());
                } else {
                    assertEquals(PollStatus.HOSTKEY_CHANGED, r.status(), c.getKey() + ": " + r.error());
                    assertTrue(r.error().contains("certificate"), r.error());
                }
                assertEquals(before, Files.readString(kh), c.getKey() + ": nothing recorded, even with --accept-new");
            }
        }
    }
}
