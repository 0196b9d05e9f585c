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

    static final Host WEB1 = Host.ssh("web1", "10.0.0.1", 22, null);
    static final Host DB1 = Host.ssh("db1", "10.0.0.2", 22, null);
    static final Host OLD1 = Host.ssh("old1", "10.0.0.3", 22, null);
    /** In the inventory, never polled yet. */
    static final Host NEW1 = Host.ssh("new1", "10.0.0.4", 22, null);
    /** Two hosts behind one address (two SSH ports): web-a answers, web-b fails. */
    static final Host WEB_A = Host.ssh("web-a", "127.0.0.1", 22022, null);
    static final Host WEB_B = Host.ssh("web-b", "127.0.0.1", 22023, null);
    static final java.util.List<Host> INVENTORY = java.util.List.of(WEB1, DB1, OLD1, NEW1, WEB_A, WEB_B);

    static LatestSamples samples() {
        LatestSamples s = new LatestSamples(INVENTORY);
        s.update(java.util.List.of(
                PollResult.ok(WEB1, NOW.minusSeconds(30), Duration.ofMillis(40), tally(), null),
                PollResult.failed(DB1, NOW.minusSeconds(20), Duration.ofSeconds(30),
                        PollStatus.TIMEOUT, "no answer within 30 s while trying to run the command", 0),
                PollResult.ok(OLD1, NOW.minusSeconds(600), Duration.ofMillis(40), tally(), null),
                PollResult.ok(WEB_A, NOW.minusSeconds(10), Duration.ofMillis(40), tally(), null),
                PollResult.failed(WEB_B, NOW.minusSeconds(10), Duration.ofSeconds(5), PollStatus.REFUSED,
                        "connection refused", 0)));
        return s;
    }

    /** The fixtures' results, by host name. */
    static java.util.List<PollResult> results() {
        return samples().all().stream().map(LatestSamples.Entry::latest).filter(java.util.Objects::nonNull).toList();
    }

    /** The fixtures as a daemon serves them: healthy, interval 1 minute, at the fixed clock. */
    static Served served() {
        return served(samples(), new DaemonHealth(Duration.ofMinutes(1), CLOCK), MetricsConfig.basic());
    }

    static Served served(LatestSamples samples, DaemonHealth health, MetricsConfig metrics) {
        return new Served(samples, FRESHNESS, health, metrics);
    }

    /** An API on a free loopback port serving {@code samples}, healthy, at the fixed clock. */
    static StatusApi api(LatestSamples samples) throws IOException {
        return StatusApi.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                served(samples, new DaemonHealth(Duration.ofMinutes(1), CLOCK), MetricsConfig.basic()));
    }
}
