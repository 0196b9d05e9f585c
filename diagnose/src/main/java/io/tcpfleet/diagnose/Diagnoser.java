package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every rule on a host; a host that could not be polled is a finding of its own. */
public final class Diagnoser {

    private static final List<Rule> RULES = List.of(new TimeWaitRule(), new CloseWaitRule(), new SynRecvRule(),
            new SynSentRule(), new StuckCloseRule(), new TotalJumpRule());

    private final Thresholds thresholds;

    public Diagnoser(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public List<Finding> diagnose(PollResult latest, StateHistory history) {
        if (!latest.ok()) {
            return List.of(new Finding(latest.host().name(), Severity.WARNING, "TOTAL", "cannot-poll",
                    "no data: the latest poll failed with " + latest.status(), List.of(String.valueOf(latest.error())),
                    "tcpfleet cannot read this host's sockets", List.of("fix the failure above; tcpfleet poll " + latest.host().name()
                            + " shows it again")));
        }
        List<Finding> out = new ArrayList<>();
        for (Rule r : RULES) {
            out.addAll(r.check(latest, history, thresholds));
        }
        out.sort(WORST_FIRST);
        return out;
    }

    /**
     * Whether the host's findings can depend on its history: when not, {@link #diagnose} gives the
     * same answer with {@link StateHistory#empty()}, and the reader need not fetch it.
     */
    public boolean needsHistory(PollResult latest) {
        return latest.ok() && RULES.stream().anyMatch(r -> r.needsHistory(latest, thresholds));
    }

    /** Hosts ordered by their worst finding, each host's findings worst first. */
    public static List<Finding> byHostWorstFirst(List<Finding> findings) {
        Map<String, List<Finding>> byHost = new LinkedHashMap<>();
        findings.stream().sorted(WORST_FIRST).forEach(f -> byHost.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(f));
        List<Finding> out = new ArrayList<>();
        byHost.values().forEach(out::addAll);
        return out;
    }

    /** Worst severity first, then by host name. */
    public static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::host);
}
