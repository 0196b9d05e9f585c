package io.tcpfleet.diagnose;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SYN_RECV: handshakes this host answered but that never completed. From many distinct peers it
 * looks like a SYN flood; on a listener whose accept queue is backed up, the application is not
 * accept()ing fast enough.
 */
final class SynRecvRule implements Rule {

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        SocketTally tally = latest.tally();
        long sr = tally.get(TcpState.SYN_RECV);
        if (sr < t.synRecv()) {
            return List.of();
        }
        Optional<PortTally> port = Evidence.topPort(tally, TcpState.SYN_RECV);
        long peers = Evidence.distinctPeers(tally, TcpState.SYN_RECV, p -> p.inbound());
        List<String> evidence = new ArrayList<>();
        evidence.add(sr + " SYN_RECV from at least " + peers + " distinct peers");
        boolean queueFull = false;
        if (port.isPresent()) {
            PortTally p = port.get();
            long n = p.states().get(TcpState.SYN_RECV);
            evidence.add(n + " (" + Evidence.share(n, sr) + ") on port " + p.port() + ", whose accept queue holds "
                    + p.acceptQueue() + " connections not yet accept()ed");
            // /proc/net/tcp prints a listener's queue length but not its limit (ss gets the backlog over
            // netlink, which tcpfleet cannot use remotely): a queue that is not empty while handshakes
            // pile up on the same port is the sign (checked on captured dumps: tx_queue is 0 for LISTEN).
            queueFull = p.acceptQueue() > 0;
        }
        String portText = port.map(p -> " on port " + p.port()).orElse("");
        if (queueFull && peers < t.floodPeers()) {
            return List.of(new Finding(latest.host().name(), Severity.CRITICAL, "SYN_RECV", "syn-recv-accept-queue",
                    "accept queue backed up" + portText + ": " + sr + " handshakes stuck in SYN_RECV", evidence,
                    "the application" + portText + " does not accept() connections as fast as they arrive",
                    List.of("check the service's worker/accept capacity and whether it is stalled",
                            "raise the listen backlog (the application's listen() argument and net.core.somaxconn)",
                            "nstat -az TcpExtListenOverflows TcpExtListenDrops confirms dropped handshakes")));
        }
        return List.of(new Finding(latest.host().name(), peers >= t.floodPeers() ? Severity.CRITICAL : Severity.WARNING,
                "SYN_RECV", "syn-recv-flood", sr + " half-open inbound connections" + portText
                        + (peers >= t.floodPeers() ? " from many sources: a possible SYN flood" : ""), evidence,
                peers >= t.floodPeers() ? "a SYN flood (spoofed or distributed sources), or a client storm"
                        : "clients whose final ACK does not arrive (packet loss, asymmetric routing, a firewall)",
                List.of("make sure net.ipv4.tcp_syncookies=1 (the default) so a flood cannot fill the queue",
                        "rate-limit or filter the sources upstream (firewall, DDoS protection)",
                        "ss -tan state syn-recv shows the sources")));
    }
}
