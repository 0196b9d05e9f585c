package io.tcpfleet.cli;

import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.model.json.SampleJson;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Print a host's latest value: the bare count of STATE, or, without STATE, the JSON",
                "object of every state and TOTAL. Errors go to stderr with exit code 1."},
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
        Optional<StoredSample> latest;
        try (SampleStore s = store.open()) {
            latest = s.latest(host); // an address several hosts share fails, naming them: never another host's value
        }
        if (latest.isEmpty()) {
            streams.error("unknown host '" + host + "': no sample stored under that name or address");
            return ExitCode.FAILED;
        }
        PollResult r = latest.get().result();
        if (!r.ok()) {
            streams.error(r.host().name() + ": last poll " + r.status() + " at " + r.polledAt() + ": " + r.error());
            return ExitCode.FAILED;
        }
        if (freshness.stale(r)) {
            streams.error(r.host().name() + ": latest sample is " + DurationText.of(Duration.ofSeconds(freshness.ageSeconds(r)))
                    + " old (limit " + DurationText.of(freshness.staleAfter()) + ")"
                    + (allowStale ? "; printed anyway (--allow-stale)" : "; use --allow-stale to print it anyway"));
            if (!allowStale) {
                return ExitCode.FAILED;
            }
        }
        if (state == null) {
            streams.out().println(SampleJson.pretty(SampleJson.states(r.tally().states())));
        } else {
            streams.out().println(r.tally().get(state));
        }
        streams.out().flush();
        return ExitCode.OK;
    }
}
