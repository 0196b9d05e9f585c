package io.tcpfleet.cli;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.model.PollResult;
import java.io.PrintWriter;

/**
 * "polled 12/30 (1 failed)" on stderr, rewritten in place, only when a person is watching a
 * terminal: stdout may be piped into a tool, and logs or Zabbix must never see it.
 */
final class Progress implements Poller.Listener {

    private final PrintWriter err;
    private final boolean enabled;
    private int failed;
    private long lastPrint;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }


    @Override
    public synchronized void polled(PollResult result, int done, int total) {
        if (!result.ok()) {
            failed++;
        }
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done == 1) {
            failed = result.ok() ? 0 : 1; // a new sweep (collect reuses one Progress)
        }
        if (done == total || now - lastPrint > 100_000_000L) { // at most 10 redraws a second
            lastPrint = now;
            err.print("\rpolled " + done + "/" + total + (failed > 0 ? " (" + failed + " failed)" : "") + "   ");
            if (done == total) {
                err.print("\r\033[K");
            }
            err.flush();
        }
    }
}
