package io.tcpfleet.serve;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sweep loop as it runs, told of each sweep's start and end and of each poll's start and end
 * (from the poller's threads): what is pending and in flight now, how the last sweep went, and
 * counters since the daemon started. A hung fleet shows here while it hangs.
 */
public final class SweepTracker {

    /** The sweep under way: hosts planned, finished, in flight, and the oldest poll in flight. */
    public record Progress(Instant startedAt, int planned, int done, int inFlight, String oldestHost,
                           Instant oldestSince) {

        public int pending() {
            return planned - done;
        }
    }

    /** The last sweep that ended. */
    public record Finished(Instant startedAt, Instant finishedAt, int planned, int polled, int ok) {

        public Duration duration() {
            return Duration.between(startedAt, finishedAt);
        }
    }

    private final Clock clock;
    private final Instant createdAt;
    private final Map<String, Instant> inFlight = new LinkedHashMap<>();
    private final Map<PollStatus, Long> polls = new EnumMap<>(PollStatus.class);
    private Instant startedAt;
    private int planned;
    private int done;
    private int ok;
    private Finished last;
    private long sweeps;

    public SweepTracker(Clock clock) {
        this.clock = clock;
        this.createdAt = clock.instant();
        for (PollStatus s : PollStatus.values()) {
            polls.put(s, 0L);
        }
    }

    public synchronized void sweepStarted(int hosts) {
        startedAt = clock.instant();
        planned = hosts;
        done = 0;
        ok = 0;
        inFlight.clear();
    }

    public synchronized void pollStarted(String host) {
        inFlight.put(host, clock.instant());
    }

    public synchronized void polled(PollResult r) {
        inFlight.remove(r.host().name());
        polls.merge(r.status(), 1L, Long::sum);
        done++;
        if (r.ok()) {
            ok++;
        }
    }

    public synchronized void sweepFinished() {
        if (startedAt == null) {
            return;
        }
        last = new Finished(startedAt, clock.instant(), planned, done, ok);
        sweeps++;
        startedAt = null;
        inFlight.clear();
    }

    /** The sweep under way, if one is. */
    public synchronized Optional<Progress> current() {
        if (startedAt == null) {
            return Optional.empty();
        }
        String oldest = null;
        Instant since = null;
        for (Map.Entry<String, Instant> e : inFlight.entrySet()) {
            if (since == null || e.getValue().isBefore(since)) {
                oldest = e.getKey();
                since = e.getValue();
            }
        }
        return Optional.of(new Progress(startedAt, planned, done, inFlight.size(), oldest, since));
    }

    public synchronized Optional<Finished> last() {
        return Optional.ofNullable(last);
    }

    /** Sweeps ended since the daemon started. */
    public synchronized long sweeps() {
        return sweeps;
    }

    /** Polls ended with this status since the daemon started. */
    public synchronized long polls(PollStatus status) {
        return polls.get(status);
    }

    /** When the latest sweep started, or the tracker was made if none has: a loop that stopped sweeping shows its age. */
    public synchronized Instant lastActivity() {
        if (startedAt != null) {
            return startedAt;
        }
        return last != null ? last.startedAt() : createdAt;
    }

    Clock clock() {
        return clock;
    }
}
