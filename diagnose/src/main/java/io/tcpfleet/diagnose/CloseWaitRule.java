package io.tcpfleet.diagnose;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.SocketTally;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * CLOSE_WAIT: the peer closed and the local application never called close(). No kernel timer
 * ends it, so a count that only grows is a leak, reported even below the threshold.
 */
final class CloseWaitRule implements Rule {

    /** Only a leak reads the history, and a leak needs at least {@code leakMinimum} now. */
    @Override
    public boolean needsHistory(PollResult latest, Thresholds t) {
        return latest.tally().get(TcpState.CLOSE_WAIT) >= t.leakMinimum();
    }

    @Override
    public List<Finding> check(PollResult latest, StateHistory history, Thresholds t) {
        SocketTally tally = latest.tally();
        long cw = tally.get(TcpState.CLOSE_WAIT);
        long[] series = history.series(TcpState.CLOSE_WAIT);
        boolean leak = leaking(series, cw, t.leakMinimum());
        if (cw < t.closeWait() && !leak) {
            return List.of();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(cw + " CLOSE_WAIT of " + tally.total() + " sockets");
        Optional<PortTally> port = Evidence.topPort(tally, TcpState.CLOSE_WAIT);
        Optional<PeerTally> peer = Evidence.topPeer(tally, TcpState.CLOSE_WAIT, p -> !p.inbound() && !p.isOther());
        String where;
        if (port.isPresent() && (peer.isEmpty() || port.get().states().get(TcpState.CLOSE_WAIT)
                >= peer.get().states().get(TcpState.CLOSE_WAIT))) {
            long n = port.get().states().get(TcpState.CLOSE_WAIT);
            evidence.add(n + " (" + Evidence.share(n, cw) + ") on local port " + port.get().port());
            where = "the application listening on port " + port.get().port();
        } else if (peer.isPresent()) {
            long n = peer.get().states().get(TcpState.CLOSE_WAIT);
            evidence.add(n + " (" + Evidence.share(n, cw) + ") on connections to " + peer.get().endpoint());
            where = "the application's client connections to " + peer.get().endpoint();
        } else {
            where = "a local application";
        }
        if (leak) {
            evidence.add("grew from " + series[0] + " to " + cw + " over the " + series.length
                    + " stored samples without ever falling back");
        }
        return List.of(new Finding(latest.host().name(), leak || cw >= 10 * t.closeWait() ? Severity.CRITICAL : Severity.WARNING,
                "CLOSE_WAIT", leak ? "close-wait-leak" : "close-wait",
                (leak ? "CLOSE_WAIT leak: " : "") + cw + " sockets in CLOSE_WAIT" + port.map(p -> " on port " + p.port()).orElse(""),
                evidence,
                where + " does not close sockets its peers have closed" + (leak ? " (a socket leak: the count only grows)" : ""),
                List.of("find the process: ss -tanp state close-wait" + port.map(p -> " '( sport = :" + p.port() + " )'").orElse(""),
                        "fix the code path that drops a connection without close() (error paths, timeouts, unreturned pool connections)",
                        "restarting the process frees them only until the leak refills")));
    }

    /**
     * Only grows: with at least 6 samples, the minimum of each sixth of the history never falls,
     * the last is above the first, and the latest count is at least {@code minimum}.
     */
    static boolean leaking(long[] series, long latest, long minimum) {
        if (series.length < 6 || latest < minimum) {
            return false;
        }
        long[] mins = Series.sliceMinimums(series, 6);
        for (int i = 1; i < mins.length; i++) {
            if (mins[i] < mins[i - 1]) {
                return false;
            }
        }
        return mins[mins.length - 1] > mins[0] && latest >= Arrays.stream(series).max().orElse(0) * 9 / 10;
    }
}
