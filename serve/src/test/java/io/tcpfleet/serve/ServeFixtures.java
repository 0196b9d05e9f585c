package io.tcpfleet.serve;

import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.testkit.KernelRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Known data for the API tests: "web1" (OK, fresh: LISTEN 1 on port 22, ESTABLISHED 1, TIME_WAIT 1),
 * "db1" (its last poll timed out), "old1" (OK but 10 minutes old), at a fixed clock.
 */
final class ServeFixtures {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Freshness FRESHNESS = new Freshness(Duration.ofSeconds(180), CLOCK);

    static final String DUMP = KernelRows.sshServer(5);

    private ServeFixtures() {
    }

    static SocketTally tally() {
        try {
            return new ProcNetTcpParser(TallyOptions.full()).parse(new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LatestSamples samples() {
        LatestSamples s = new LatestSamples();
        s.update(java.util.List.of(
                PollResult.ok(Host.ssh("web1", "10.0.0.1", 22, null), NOW.minusSeconds(30), Duration.ofMillis(40), tally(), null),
                PollResult.failed(Host.ssh("db1", "10.0.0.2", 22, null), NOW.minusSeconds(20), Duration.ofSeconds(30),
                        PollStatus.TIMEOUT, "no answer within 30 s while trying to run the command", 0),
                PollResult.ok(Host.ssh("old1", "10.0.0.3", 22, null), NOW.minusSeconds(600), Duration.ofMillis(40), tally(), null)));
        return s;
    }
}
