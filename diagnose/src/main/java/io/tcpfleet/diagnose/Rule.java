package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import java.util.List;

/** One way a host's sockets can be unhealthy. */
public interface Rule {

    /** Findings for a host with a successful latest sample (its tally is never null). */
    List<Finding> check(PollResult latest, StateHistory history, Thresholds t);
}
