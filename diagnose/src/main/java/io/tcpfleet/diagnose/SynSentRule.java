package io.tcpfleet.diagnose;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SYN_SENT: this host's connects get no answer. Few destinations: a peer down or a firewall
 * dropping. Many distinct destinations at once: scan-like fan-out, what worms do.
 */
final class SynSentRule implements Rule {

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        SocketTally tally = latest.tally();
        long ss = tally.get(TcpState.SYN_SENT);
        if (ss < t.synSent()) {
            return List.of();
        }
        long destinations = Evidence.distinctPeers(tally, TcpState.SYN_SENT, p -> !p.inbound());
        Optional<PeerTally> peer = Evidence.topPeer(tally, TcpState.SYN_SENT, p -> !p.inbound() && !p.isOther());
        List<String> evidence = new ArrayList<>();
        evidence.add(ss + " SYN_SENT toward at least " + destinations + " distinct destinations");
        peer.ifPresent(p -> evidence.add(p.states().get(TcpState.SYN_SENT) + " ("
                + Evidence.share(p.states().get(TcpState.SYN_SENT), ss) + ") toward " + p.endpoint()));
        if (destinations >= t.scanDestinations()) {
            return List.of(new Finding(latest.host().name(), Severity.CRITICAL, "SYN_SENT", "syn-sent-scan",
                    "connection attempts to " + destinations + "+ destinations at once: scan-like behaviour", evidence,
                    "a process fanning out connects to many addresses (a scanner, a worm, or a misconfigured crawler)",
                    List.of("find the process: ss -tanp state syn-sent", "if it is not a known tool, treat the host as compromised")));
        }
        return List.of(new Finding(latest.host().name(), Severity.WARNING, "SYN_SENT", "syn-sent-unreachable",
                ss + " connects without answer" + peer.map(p -> " to " + p.endpoint()).orElse(""), evidence,
                "the destination is down or a firewall silently drops the SYNs",
                List.of("check the service at the destination and the firewalls on the path",
                        "use connect timeouts in the client so callers fail fast")));
    }
}
