package io.tcpfleet.cli;

import io.tcpfleet.collector.transport.SshSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The options of {@code collect} a reload cannot apply: they size or open what the daemon made at
 * start (the SSH client settings, the poller's threads, the API's socket, the store's writer).
 * A reload names those that changed, so nobody believes a new value is in force.
 */
final class RestartOnly {

    private RestartOnly() {
    }

    /** The options that differ between the running settings and a reload's, by their long names. */
    static List<String> changed(CollectDaemon.Settings now, CollectDaemon.Settings next) {
        List<String> out = new ArrayList<>();
        if (!sameSsh(now.ssh(), next.ssh())) {
            out.add("the SSH options (identity, user, timeouts, jump host, known hosts file)");
        }
        check(out, "--connections", now.connections(), next.connections());
        check(out, "--max-kept", now.maxKept(), next.maxKept());
        check(out, "--top-peers/--states-only", now.tally(), next.tally());
        check(out, "--interval", now.interval(), next.interval());
        check(out, "--retention", now.retention(), next.retention());
        check(out, "--breakdown-retention", now.breakdownRetention(), next.breakdownRetention());
        check(out, "--stale-after", now.staleAfter(), next.staleAfter());
        check(out, "--listen", now.listen(), next.listen());
        check(out, "--zabbix-server", now.zabbixServer(), next.zabbixServer());
        check(out, "--zabbix-host-by", now.zabbixByAddress(), next.zabbixByAddress());
        check(out, "--sweeps", now.maxSweeps(), next.maxSweeps());
        check(out, "--metrics-ports", now.metricsPorts(), next.metricsPorts());
        check(out, "--buffer-sweeps/--buffer-size", now.buffer(), next.buffer());
        return out;
    }

    private static void check(List<String> out, String option, Object now, Object next) {
        if (!Objects.equals(now, next)) {
            out.add(option);
        }
    }

    /** Record equality, but the secrets by content (char arrays compare by identity). */
    private static boolean sameSsh(SshSettings a, SshSettings b) {
        return Arrays.equals(a.passphrase(), b.passphrase()) && Arrays.equals(a.password(), b.password())
                && a.withSecrets(null, null).equals(b.withSecrets(null, null));
    }
}
