package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 and issue 10 §2 on a real daemon ({@code collect} in its own JVM) polling simulated SSH
 * hosts (testkit's FakeSshHost) that can all freeze at once: a fleet-wide hang shows in /metrics and /health while it
 * lasts, an inventory host answers "no sample yet" before its first poll ends, and a one-off
 * {@code poll --local} stored in the same database is not served as one of the daemon's hosts.
 */
class DaemonHealthEndToEndTest {

    static final List<String> ADDRESSES = List.of("127.0.4.1", "127.0.4.2", "127.0.4.3", "127.0.4.4", "127.0.4.5", "127.0.4.6");

    @TempDir
    Path dir;

    String[] collectArgs(FreezableFleet fleet) throws Exception {
        return new String[] {"-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                "--interval", "2s", "--timeout", "4s", "--connect-timeout", "2s", "--concurrency", "3"};
    }

    /** Scrapes /metrics every 100 ms until {@code wanted} holds (at most 30 s); returns that scrape. */
    static String awaitMetrics(DaemonProcess d, String what, Predicate<String> wanted) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < until) {
            last = d.get("/metrics").body();
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + " in 30 s; last scrape:\n" + last + "\ndaemon log:\n" + d.log());
    }

    static double v(String body, String series) {
        Double d = MetricsText.value(body, series);
        return d == null ? Double.NaN : d;
    }

    static long count(String body, String line) {
        return body.lines().filter(l -> l.equals(line)).count();
    }

    /** Hosts whose latest poll timed out, as /metrics says. */
    static List<String> timedOut(String metrics) {
        return MetricsText.lines(metrics, "tcpfleet_poll_status").stream().filter(l -> l.contains("status=\"TIMEOUT\""))
                .map(l -> l.substring(l.indexOf("host=\"") + 6, l.indexOf("\",status"))).toList();
    }

    @Test
    void aFleetWideHangShowsWhileItLasts() throws Exception {
        try (FreezableFleet fleet = new FreezableFleet(ADDRESSES)) {
            fleet.freeze(); // the first sweep meets a hung fleet
            Path home = Files.createDirectories(dir.resolve("home"));
            try (DaemonProcess d = new DaemonProcess(home, collectArgs(fleet))) {
                // Fresh start: an inventory host is not "unknown" before its first poll ends.
                DaemonProcess.Answer first = d.get("/v1/hosts/web1/states/CLOSE_WAIT");
                assertEquals(503, first.code(), first.body());
                assertTrue(first.body().startsWith("no sample yet: web1 is in tcpfleet collect's inventory"), first.body());
                assertEquals(503, d.get("/v1/hosts/127.0.4.2").code());
                assertEquals(6, new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.get("/v1/hosts").body()).size());

                // While the sweep hangs, the hosts whose poll timed out are down at once, and the
                // overrun shows: pending hosts, the oldest poll in flight.
                String hung = awaitMetrics(d, "timed-out hosts during a sweep still running", m -> v(m, "tcpfleet_sweep_running") == 1
                        && v(m, "tcpfleet_sweep_pending_hosts") > 0 && !timedOut(m).isEmpty());
                for (String host : timedOut(hung)) {
                    assertEquals(0, v(hung, "tcpfleet_up{host=\"" + host + "\"}"), hung);
                }
                assertEquals(1, v(hung, "tcpfleet_sweep_overrun"), hung);
                assertTrue(v(hung, "tcpfleet_sweep_oldest_in_flight_seconds") > 0, hung);
                DaemonProcess.Answer health = d.get("/health");
                assertEquals(503, health.code(), health.body());
                assertTrue(health.body().startsWith("UNHEALTHY: sweep overrunning its interval of 2s: running for"), health.body());
                assertTrue(health.body().contains("hosts pending, oldest poll in flight web"), health.body());

                fleet.thaw();
                String ok = awaitMetrics(d, "every host up again", m -> count(m, "tcpfleet_up{host=\"web1\"} 1") == 1
                        && MetricsText.lines(m, "tcpfleet_up").stream().allMatch(l -> l.endsWith(" 1"))
                        && v(m, "tcpfleet_sweep_overrun") == 0);
                assertEquals(FreezableFleet.CLOSE_WAIT, v(ok, "tcpfleet_tcp_connection_states{host=\"web6\",state=\"close_wait\"}"), ok);
                assertEquals(200, d.get("/health").code(), d.get("/health").body());

                // The case: a fleet that was up hangs. Before, tcpfleet_poll_up stayed 1
                // for every host until the whole sweep ended.
                fleet.freeze();
                String again = awaitMetrics(d, "a host down while the sweep still runs", m -> v(m, "tcpfleet_sweep_running") == 1
                        && v(m, "tcpfleet_sweep_pending_hosts") > 0 && !timedOut(m).isEmpty());
                List<String> down = timedOut(again);
                assertTrue(down.size() < 6, "the others are still in flight:\n" + again);
                for (String host : down) {
                    assertEquals(0, v(again, "tcpfleet_up{host=\"" + host + "\"}"), again);
                }
                fleet.thaw();
            }
        }
    }

    @Test
    void aOneOffPollInTheSameDatabaseIsNotOneOfTheDaemonsHosts() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Cli.Run poll = Cli.run("poll", "--local", "--db", "jdbc:h2:file:" + home.resolve("tcpfleet"), "-f", "json");
        assertEquals(0, poll.exit(), poll.toString());
        String local = poll.json().get(0).get("host").asText();
        try (FreezableFleet fleet = new FreezableFleet(ADDRESSES.subList(0, 2));
             DaemonProcess d = new DaemonProcess(home, collectArgs(fleet))) {
            String m = awaitMetrics(d, "both hosts up", x -> MetricsText.lines(x, "tcpfleet_up").stream()
                    .filter(l -> l.endsWith(" 1")).count() == 2);
            assertFalse(m.contains("host=\"" + local + "\""), "the one-off poll's host is not in /metrics:\n" + m);
            assertEquals(2, MetricsText.lines(m, "tcpfleet_up").size(), m);
            String hosts = d.get("/v1/hosts").body();
            assertFalse(hosts.contains(local), hosts);
            assertEquals(404, d.get("/v1/hosts/" + local).code());
            assertTrue(d.get("/health").body().startsWith("OK: 2 hosts"), d.get("/health").body());
        }
    }
}
