package io.tcpfleet.cli;

import io.tcpfleet.cli.output.FindingsPrinter;
import io.tcpfleet.diagnose.Diagnoser;
import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.diagnose.Thresholds;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.storage.SampleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Why are there so many connections? Names the causes, with evidence and advice.",
                "Reads the stored samples: each host's latest one and its history over --since."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing found", "1:a host could not be read (unknown, or no sample)", "2:usage error",
                "3:something was found (the findings are printed)"})
final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to diagnose (name or address).")
    List<String> hosts = List.of();

    @Option(names = "--all", description = "Diagnose every stored host.")
    boolean all;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "6h", converter = DurationParser.class,
            description = "History the trend rules look at (leaks, jumps), default ${DEFAULT-VALUE}.")
    Duration since;

    @Option(names = "--time-wait", paramLabel = "N", description = "TIME_WAIT worth a finding (default 5000).")
    Long timeWait;

    @Option(names = "--close-wait", paramLabel = "N", description = "CLOSE_WAIT worth a finding (default 100); a growing count is a leak from --leak-min.")
    Long closeWait;

    @Option(names = "--leak-min", paramLabel = "N", description = "Smallest CLOSE_WAIT count reported as a leak when it only grows (default 10).")
    Long leakMin;

    @Option(names = "--syn-recv", paramLabel = "N", description = "SYN_RECV worth a finding (default 100).")
    Long synRecv;

    @Option(names = "--syn-sent", paramLabel = "N", description = "SYN_SENT worth a finding (default 50).")
    Long synSent;

    @Option(names = "--stuck", paramLabel = "N", description = "FIN_WAIT2 / LAST_ACK / CLOSING worth a finding (default 100).")
    Long stuck;

    @Option(names = "--ephemeral-ports", paramLabel = "N",
            description = "Size of the hosts' local port range (default 28232: Linux's 32768-60999).")
    Long ephemeralPorts;

    @Mixin
    FormatOption format;

    @Mixin
    StoreOptions store;

    @Mixin
    Streams streams;

    @Override
    public Integer call() {
        if (all == !hosts.isEmpty()) {
            throw new UsageException("give HOST... or --all");
        }
        Diagnoser diagnoser = new Diagnoser(thresholds());
        List<Finding> findings = new ArrayList<>();
        int missing = 0;
        Instant now = Instant.now();
        List<PollResult> latest = new ArrayList<>();
        Map<String, StateHistory> past;
        try (SampleStore s = store.open()) {
            if (all) {
                s.latest().forEach(x -> latest.add(x.result()));
            } else {
                for (String h : hosts) {
                    Optional<PollResult> found = s.latest(h).map(x -> x.result());
                    if (found.isEmpty()) {
                        streams.error("no sample of " + h + " (unknown host, or never polled)");
                        missing++;
                    }
                    found.ifPresent(latest::add);
                }
            }
            // The state counts of the hosts whose findings can depend on their past, no other:
            // in a healthy fleet a few hosts, read by index, instead of a scan of everyone's.
            List<String> trending = latest.stream().filter(diagnoser::needsHistory).map(r -> r.host().name()).toList();
            past = trending.isEmpty() ? Map.of() : s.stateHistory(now.minus(since), now, trending);
        }
        for (PollResult r : latest) {
            findings.addAll(diagnoser.diagnose(r, past.getOrDefault(r.host().name(), StateHistory.empty())));
        }
        FindingsPrinter.print(format.format, Diagnoser.byHostWorstFirst(findings), latest.size(), streams.out());
        if (!findings.isEmpty()) {
            return ExitCode.FOUND;
        }
        return missing > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    private Thresholds thresholds() {
        Thresholds d = Thresholds.defaults();
        return new Thresholds(or(timeWait, d.timeWait()), d.peerPortShare(), or(ephemeralPorts, d.ephemeralPorts()),
                or(closeWait, d.closeWait()), or(leakMin, d.leakMinimum()), or(synRecv, d.synRecv()), d.floodPeers(),
                or(synSent, d.synSent()), d.scanDestinations(), or(stuck, d.stuck()), d.jumpFactor(), d.jumpMinimum());
    }

    private static long or(Long v, long d) {
        if (v != null && v < 0) {
            throw new UsageException("thresholds must be >= 0");
        }
        return v != null ? v : d;
    }
}
