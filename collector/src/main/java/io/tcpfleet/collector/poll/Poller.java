package io.tcpfleet.collector.poll;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.SocketTally;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.PollFailure;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.inventory.Host;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Polls hosts through a transport into {@link PollResult}s. Every outcome is a result: nothing a
 * host does escapes as an exception.
 */
public final class Poller {

    private final Transport transport;
    private final TallyOptions options;
    private final Clock clock;

    public Poller(Transport transport, TallyOptions options, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Polls each host in turn, reusing one parser. */
    public List<PollResult> pollAll(List<Host> hosts) {
        ProcNetTcpParser parser = new ProcNetTcpParser(options);
        List<PollResult> results = new ArrayList<>(hosts.size());
        for (Host host : hosts) {
            results.add(poll(host, parser));
        }
        return results;
    }

    /** Polls one host with {@code parser} (not shared between threads). */
    public PollResult poll(Host host, ProcNetTcpParser parser) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        TallyOptions hostOptions = options.withByteOrder(host.byteOrder());
        SocketTally[] tally = new SocketTally[1];
        try {
            String note = transport.read(host, in -> tally[0] = parser.parse(in, hostOptions));
            return PollResult.ok(host, start, since(t0), tally[0], note);
        } catch (ProcNetTcpParseException e) {
            return PollResult.failed(host, start, since(t0), PollStatus.PARSE_FAILED, e.getMessage(), 0);
        } catch (PollFailure e) {
            return PollResult.failed(host, start, since(t0), e.status(), e.getMessage(), e.bytes());
        } catch (IOException | RuntimeException e) {
            return PollResult.failed(host, start, since(t0), PollStatus.COMMAND_FAILED,
                    "reading output failed: " + e, 0);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
