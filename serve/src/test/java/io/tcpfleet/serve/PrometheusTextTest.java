package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Freshness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: /metrics named as node_exporter names the same facts, linted by promtool; issue 14: stale means down. */
class PrometheusTextTest {

    @TempDir
    Path dir;

    static String render(MetricsConfig config) {
        DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), ServeFixtures.CLOCK);
        return new String(PrometheusText.render(ServeFixtures.samples(), ServeFixtures.FRESHNESS, health, config),
                StandardCharsets.UTF_8);
    }

    @Test
    void nodeExporterNamesWithLowerCaseStates() {
        String m = render(MetricsConfig.basic());
        assertTrue(m.contains("\ntcpfleet_tcp_connection_states{host=\"web1\",state=\"time_wait\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_tcp_connection_states{host=\"web1\",state=\"close_wait\"} 0\n"), m);
        assertTrue(m.contains("\ntcpfleet_up{host=\"web1\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_last_poll_timestamp_seconds{host=\"web1\"} 1795600770.000\n"), m);
        assertTrue(m.contains("\ntcpfleet_poll_duration_seconds{host=\"web1\"} 0.040\n"), m);
        assertTrue(m.contains("\ntcpfleet_poll_duration_seconds{host=\"db1\"} 30.000\n"), m);
        assertTrue(m.contains("\ntcpfleet_up{host=\"db1\"} 0\n"), m);
        assertTrue(m.contains("\ntcpfleet_poll_status{host=\"db1\",status=\"TIMEOUT\"} 1\n"), m);
        assertFalse(m.contains("tcpfleet_tcp_connection_states{host=\"db1\""), "a failed poll has no counts, not zeros");
        assertTrue(m.contains("\ntcpfleet_build_info{version=\"unknown\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_ssh_kept_connections 0\n"), m);
        assertFalse(m.contains("tcpfleet_port_"), "per-port series are opt-in");
    }

    @Test
    void aStaleSampleIsDownWithItsAgeAndNoCounts() {
        String m = render(MetricsConfig.basic());
        assertTrue(m.contains("\ntcpfleet_up{host=\"old1\"} 0\n"), m);
        assertTrue(m.contains("\ntcpfleet_sample_age_seconds{host=\"old1\"} 600\n"), m);
        assertFalse(m.contains("tcpfleet_tcp_connection_states{host=\"old1\""), m);
        assertFalse(m.contains("tcpfleet_tcp_connections{host=\"old1\""), m);
        assertTrue(m.contains("\ntcpfleet_poll_up{host=\"old1\"} 0\n"), m);
    }

    @Test
    void onlyInventoryHostsAndThoseNotPolledYetAreDown() {
        String m = render(MetricsConfig.basic());
        assertTrue(m.contains("\ntcpfleet_up{host=\"new1\"} 0\n"), m);
        assertFalse(m.contains("tcpfleet_sample_age_seconds{host=\"new1\""), "no sample, no age");
        assertEquals(6, m.lines().filter(l -> l.startsWith("tcpfleet_up{")).count());
    }

    @Test
    void deprecatedNamesStayForOneReleaseAndSaySo() {
        String m = render(MetricsConfig.basic());
        assertTrue(m.contains("\ntcpfleet_tcp_connections{host=\"web1\",state=\"TIME_WAIT\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_poll_up{host=\"web1\"} 1\n"), m);
        assertTrue(m.contains("# HELP tcpfleet_tcp_connections DEPRECATED (removed in the next release): use"
                + " tcpfleet_tcp_connection_states"), m);
        assertTrue(m.contains("# HELP tcpfleet_poll_up DEPRECATED (removed in the next release): use tcpfleet_up."), m);
    }

    @Test
    void perPortSeriesWhenAskedFor() {
        String m = render(new MetricsConfig(true, "1.2.3", () -> 7, () -> 4L, () -> 2));
        assertTrue(m.contains("\ntcpfleet_port_connection_states{host=\"web1\",port=\"22\",state=\"established\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_port_connection_states{host=\"web1\",port=\"22\",state=\"listen\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_port_accept_queue{host=\"web1\",port=\"22\"} 5\n"), m);
        assertTrue(m.contains("\ntcpfleet_build_info{version=\"1.2.3\"} 1\n"), m);
        assertTrue(m.contains("\ntcpfleet_ssh_kept_connections 7\n"), m);
        assertTrue(m.contains("\ntcpfleet_ssh_shell_restarts_total 4\n"), m);
        assertTrue(m.contains("\ntcpfleet_ssh_forced_command_logins 2\n"), m);
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("a\\\"b\\\\c\\nd", MetricsWriter.escape("a\"b\\c\nd"));
    }

    @Test
    void promtoolCheckMetricsPasses() throws Exception {
        for (MetricsConfig c : new MetricsConfig[] {MetricsConfig.basic(), new MetricsConfig(true, "1.2.3", () -> 3, () -> 1L, () -> 1)}) {
            Promtool.Run r = Promtool.run(dir, render(c).getBytes(StandardCharsets.UTF_8), "check", "metrics");
            assertEquals(0, r.exit(), r.out());
            assertEquals("", r.out().strip(), "promtool has no complaint");
        }
    }

    @Test
    void freshnessWindowDecidesUp() {
        DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), ServeFixtures.CLOCK);
        Freshness strict = new Freshness(Duration.ofSeconds(20), ServeFixtures.CLOCK);
        String m = new String(PrometheusText.render(ServeFixtures.samples(), strict, health, MetricsConfig.basic()),
                StandardCharsets.UTF_8);
        assertTrue(m.contains("\ntcpfleet_up{host=\"web1\"} 0\n"), "30 s old, limit 20 s: " + m);
        assertTrue(m.contains("\ntcpfleet_up{host=\"web-a\"} 1\n"), "10 s old: " + m);
    }
}
