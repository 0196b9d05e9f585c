package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/** A host whose socket total jumped against its own history: what changed is in the states that grew. */
final class TotalJumpRule implements Rule {

    /** A jump is at least {@code jumpMinimum} above a median that is never negative. */
    @Override
    public boolean needsHistory(PollResult latest, Thresholds t) {
        return latest.tally().total() >= t.jumpMinimum();
    }

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        if (history.size() < 6) {
            return List.of();
        }
        long total = latest.tally().total();
        long median = Series.median(history.totals());
        if (total < median * t.jumpFactor() || total - median < t.jumpMinimum()) {
            return List.of();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(total + " sockets now against a median of " + median + " over the last " + history.size() + " samples");
        StateCounts now = latest.tally().states();
        TcpState grew = null;
        long most = 0;
        for (TcpState s : TcpState.COUNTED) {
            long before = Series.median(history.series(s));
            long delta = now.get(s) - before;
            if (delta > most) {
                most = delta;
                grew = s;
            }
        }
        if (grew != null) {
            evidence.add(grew + " grew the most: +" + most + " (" + Evidence.share(most, total - median) + " of the jump)");
        }
        return List.of(new Finding(latest.host().name(), Severity.WARNING, "TOTAL", "total-jump",
                "socket count jumped to " + total + " (" + String.format(java.util.Locale.ROOT, "%.1f", (double) total / Math.max(1, median))
                        + "x its usual " + median + ")",
                evidence, "a change in traffic or behaviour on this host" + (grew != null ? ", seen in " + grew : ""),
                List.of("compare with deployments and traffic at that time: tcpfleet history " + latest.host().name(),
                        "the " + (grew != null ? grew : "largest") + " finding, if any, names the port or peer")));
    }
}
