package io.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpfleet.diagnose.Diagnoser;
import io.tcpfleet.diagnose.Finding;
import io.tcpfleet.diagnose.Thresholds;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    static final int FOUND = 3;

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to diagnose (name or address).")
    List<String> hosts = List.of();

    @Option(names = "--all", description = "Diagnose every stored host.")
    boolean all;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "6h", converter = DurationParser.class,
            description = "History the trend rules look at (leaks, jumps), default ${DEFAULT-VALUE}.")
    Duration since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

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
    StoreOptions store;

    @Override
    public Integer call() {
        if (all == !hosts.isEmpty()) {
            throw new UsageException("give HOST... or --all");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json");
        }
        Thresholds d = Thresholds.defaults();
        Thresholds t = new Thresholds(or(timeWait, d.timeWait()), d.peerPortShare(), or(ephemeralPorts, d.ephemeralPorts()),
                or(closeWait, d.closeWait()), or(leakMin, d.leakMinimum()), or(synRecv, d.synRecv()), d.floodPeers(),
                or(synSent, d.synSent()), d.scanDestinations(), or(stuck, d.stuck()), d.jumpFactor(), d.jumpMinimum());
        Diagnoser diagnoser = new Diagnoser(t);
        List<Finding> findings = new ArrayList<>();
        int missing = 0;
        int checked = 0;
        Instant now = Instant.now();
        try (SampleStore s = store.open()) {
            List<PollResult> latest = new ArrayList<>();
            if (all) {
                s.latest().forEach(x -> latest.add(x.result()));
            } else {
                for (String h : hosts) {
                    var found = s.latest(h);
                    if (found.isEmpty()) {
                        System.err.println("tcpfleet: no sample of " + h + " (unknown host, or never polled)");
                        missing++;
                    } else {
                        latest.add(found.get().result());
                    }
                }
            }
            // One scan of the fleet's state counts, not one query per host, nor whole samples.
            Map<String, StateHistory> past = s.stateHistory(now.minus(since), now);
            for (PollResult r : latest) {
                StateHistory h = past.get(r.host().name());
                findings.addAll(diagnoser.diagnose(r, h == null ? StateHistory.empty() : h));
                checked++;
            }
        }
        findings = byHostWorstFirst(findings);
        if (format.equals("json")) {
            json(findings, checked, System.out);
        } else {
            text(findings, checked, System.out);
        }
        if (!findings.isEmpty()) {
            return FOUND;
        }
        return missing > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    private static long or(Long v, long d) {
        if (v != null && v < 0) {
            throw new UsageException("thresholds must be >= 0");
        }
        return v != null ? v : d;
    }

    /** Hosts ordered by their worst finding, each host's findings worst first. */
    static List<Finding> byHostWorstFirst(List<Finding> findings) {
        Map<String, List<Finding>> byHost = new LinkedHashMap<>();
        findings.stream().sorted(Diagnoser.WORST_FIRST).forEach(f -> byHost.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(f));
        List<Finding> out = new ArrayList<>();
        byHost.values().forEach(out::addAll);
        return out;
    }

    static void text(List<Finding> findings, int checked, PrintStream out) {
        if (findings.isEmpty()) {
            out.println("nothing found on " + checked + " host(s)");
            return;
        }
        String host = null;
        for (Finding f : findings) {
            if (!f.host().equals(host)) {
                host = f.host();
                out.println();
                out.println(host);
            }
            out.println("  " + f.severity() + "  " + f.summary());
            for (String e : f.evidence()) {
                out.println("      evidence: " + e);
            }
            out.println("      cause:    " + f.cause());
            for (String a : f.advice()) {
                out.println("      do:       " + a);
            }
        }
        out.println();
        out.println(findings.size() + " finding(s) on " + findings.stream().map(Finding::host).distinct().count() + " of "
                + checked + " host(s)");
    }

    static void json(List<Finding> findings, int checked, PrintStream out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeNumberField("hosts_checked", checked);
            g.writeArrayFieldStart("findings");
            for (Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("host", f.host());
                g.writeStringField("severity", f.severity().name());
                g.writeStringField("state", f.state());
                g.writeStringField("rule", f.rule());
                g.writeStringField("summary", f.summary());
                g.writeArrayFieldStart("evidence");
                for (String e : f.evidence()) {
                    g.writeString(e);
                }
                g.writeEndArray();
                g.writeStringField("cause", f.cause());
                g.writeArrayFieldStart("advice");
                for (String a : f.advice()) {
                    g.writeString(a);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }
}
