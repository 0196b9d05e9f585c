package io.tcpfleet.cli;

import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.model.json.SampleJson;
import io.tcpfleet.storage.DataDirectory;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Print a host's latest value: the bare count of STATE, or, without STATE, the JSON",
                "object of every state and TOTAL. Errors go to stderr with exit code 1.",
                "While tcpfleet collect runs on the data directory, a current sample is asked from its API",
                "(in memory) instead of the database."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:value printed", "1:unknown host, an address several hosts share, its latest poll failed, or its value is stale",
                "2:usage error"})
final class GetCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name, or an address only one stored host has.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STATE", converter = StateOption.class,
            completionCandidates = StateOption.class,
            description = "A state name (any case, - or _) or TOTAL: ${COMPLETION-CANDIDATES}.")
    TcpState state;

    @Option(names = "--allow-stale", description = "Print a stale value anyway (its age still goes to stderr).")
    boolean allowStale;

    @Mixin
    FreshnessOptions freshnessOptions;

    @Mixin
    StoreOptions store;

    @Mixin
    Streams streams;

    @Override
    public Integer call() {
        Freshness freshness = freshnessOptions.freshness(Clock.systemUTC());
        Optional<DaemonApi.Sample> latest = fromDaemon();
        if (latest.isEmpty()) {
            Optional<StoredSample> stored;
            try (SampleStore s = store.open()) {
                stored = s.latest(host); // an address several hosts share fails, naming them: never another host's value
            }
            if (stored.isEmpty()) {
                streams.error("unknown host '" + host + "': no sample stored under that name or address");
                return ExitCode.FAILED;
            }
            PollResult r = stored.get().result();
            // the limit of the collect that polls it (its interval times --stale-after), or --max-age if tighter
            freshness = freshnessOptions.freshness(Clock.systemUTC(), List.of(stored.get()));
            if (!r.ok()) {
                streams.error(r.host().name() + ": last poll " + r.status() + " at " + r.polledAt() + ": " + r.error());
                return ExitCode.FAILED;
            }
            latest = Optional.of(new DaemonApi.Sample(r.host().name(), r.polledAt(), r.tally().states()));
        }
        DaemonApi.Sample sample = latest.get();
        if (freshness.stale(sample.host(), sample.polledAt())) { // the running daemon answers only current values
            streams.error(sample.host() + ": latest sample is " + DurationText.of(Duration.ofSeconds(freshness.ageSeconds(sample.polledAt())))
                    + " old (limit " + DurationText.of(freshness.limitFor(sample.host())) + ")"
                    + (allowStale ? "; printed anyway (--allow-stale)" : "; use --allow-stale to print it anyway"));
            if (!allowStale) {
                return ExitCode.FAILED;
            }
        }
        if (state == null) {
            streams.out().println(SampleJson.pretty(SampleJson.states(sample.states())));
        } else {
            streams.out().println(sample.states().get(state));
        }
        streams.out().flush();
        return ExitCode.OK;
    }

    /**
     * {@code get HOST STATE}, as scripts call it in loops, answered before picocli builds its
     * model (~40 ms of a get's ~120): only when both arguments are plain words and a daemon on the
     * default data directory has a current OK sample of the host in its API, which is what
     * {@link #call} would print then (without {@code --max-age} nothing it serves is stale).
     * Anything else is empty, and the full command answers it (options, the database, errors).
     */
    static OptionalInt answerFromDaemon(String[] args, PrintStream out) {
        if (args.length != 3 || !args[0].equals("get") || args[1].startsWith("-") || args[2].startsWith("-")) {
            return OptionalInt.empty();
        }
        TcpState state;
        try {
            state = TcpState.parse(args[2]);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty(); // the full command words the error
        }
        Optional<DaemonApi.Sample> sample = runningDaemonSample(args[1]);
        if (sample.isEmpty()) {
            return OptionalInt.empty();
        }
        out.println(sample.get().states().get(state));
        out.flush();
        return OptionalInt.of(ExitCode.OK);
    }

    /** A running daemon's current OK sample of the host, without opening the database; else empty. */
    private Optional<DaemonApi.Sample> fromDaemon() {
        return store.isDefault() ? runningDaemonSample(host) : Optional.empty();
    }

    /** The current OK sample of the host that a daemon on the default data directory serves, if any. */
    private static Optional<DaemonApi.Sample> runningDaemonSample(String host) {
        return DaemonApi.of(DataDirectory.fromEnvironment().path()).flatMap(api -> api.latest(host));
    }
}
