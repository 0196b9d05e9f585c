package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import java.util.List;

/** One way a host's sockets can be unhealthy. */
public interface Rule {

    /** Findings for a host with a successful latest sample (its tally is never null). */
    List<Finding> check(PollResult latest, StateHistory history, Thresholds t);

    /**
     * Whether {@link #check} can depend on the history, given the latest sample. Most hosts of a
     * healthy fleet need none, so a fleet-wide diagnosis reads the past of the few that do.
     */
    default boolean needsHistory(PollResult latest, Thresholds t) {
        return false;
    }
}
