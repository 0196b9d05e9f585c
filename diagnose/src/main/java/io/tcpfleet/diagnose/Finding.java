package io.tcpfleet.diagnose;

import java.util.List;

/**
 * One named problem on one host, with the evidence that shows it and what to do.
 *
 * @param host     the host's inventory name
 * @param severity how bad
 * @param state    the TCP state concerned (a kernel state name, or TOTAL)
 * @param rule     the rule that found it, e.g. {@code time-wait-peer}
 * @param summary  one line: what is wrong
 * @param evidence counts, the port or peer responsible with its share, growth over the history
 * @param cause    the likely cause
 * @param advice   what to do, most useful first
 */
public record Finding(String host, Severity severity, String state, String rule, String summary,
                      List<String> evidence, String cause, List<String> advice) {

    public Finding {
        evidence = List.copyOf(evidence);
        advice = List.copyOf(advice);
    }
}
