package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import io.tcpfleet.model.PollStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One parsed known_hosts per transport, re-read when the file changes (e.g. under a running collect). */
class KnownHostsFileTest {

    @TempDir
    Path dir;

    @Test
    void anEntryAddedToTheFileIsTrustedByTheNextPoll() throws Exception {
        KeyPair client = TestKeys.ecdsa();
        try (FakeSshHost h = FakeSshHost.on("127.0.1.5").authorize(client.getPublic()).start()) {
            Path kh = Files.writeString(dir.resolve("known_hosts"), "# nothing yet\n");
            SshSettings s = SshSettings.defaults().withKnownHosts(kh, false)
                    .withIdentities(List.of(TestKeys.writeOpenSsh(client, dir.resolve("id"))))
                    .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
            Host host = Host.ssh("h", h.address(), h.port(), null);
            try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
                assertEquals(PollStatus.HOSTKEY_UNKNOWN, p.poll(host).status());
                Files.writeString(kh, h.knownHostsLine(h.hostKey().getPublic()) + "\n", StandardOpenOption.APPEND);
                assertEquals(PollStatus.OK, p.poll(host).status());
                // and a key that changes afterwards is caught by the same parsed copy
                Files.writeString(kh, h.knownHostsLine(TestKeys.ecdsa().getPublic()) + "\n");
                assertEquals(PollStatus.HOSTKEY_CHANGED, p.poll(host).status());
            }
        }
    }
}
