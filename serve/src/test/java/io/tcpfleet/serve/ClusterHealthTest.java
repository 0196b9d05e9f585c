package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a cluster node's /health and /metrics say about the cluster, and that a single collector says nothing of it. */
class ClusterHealthTest {

    static String metrics(DaemonHealth health) {
        return new String(PrometheusText.render(ServeFixtures.samples(), ServeFixtures.FRESHNESS, health, MetricsConfig.basic()),
                StandardCharsets.UTF_8);
    }

    @Test
    void aSingleCollectorHasNoClusterSeries() {
        DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), ServeFixtures.CLOCK);
        assertFalse(metrics(health).contains("tcpfleet_cluster"));
        assertFalse(HealthLine.of(health, ServeFixtures.samples()).text().contains("cluster"));
    }

    @Test
    void aNodeSaysItsShareAndTheCluster() {
        DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), ServeFixtures.CLOCK);
        health.cluster(new ClusterStatus("n1", 3, 100, 7, true, List.of()));
        String m = metrics(health);
        assertEquals(3.0, value(m, "tcpfleet_cluster_nodes"));
        assertEquals(100.0, value(m, "tcpfleet_cluster_hosts_owned"));
        assertEquals(7.0, value(m, "tcpfleet_cluster_claims_lost_total"));
        assertEquals(1.0, value(m, "tcpfleet_cluster_database_up"));
        assertEquals(0.0, value(m, "tcpfleet_cluster_inventory_differs"));
        HealthLine line = HealthLine.of(health, ServeFixtures.samples());
        assertTrue(line.healthy());
        assertTrue(line.text().contains("; cluster node n1 of 3 live, owns 100 hosts"),
                line.text());
    }

    /** Copies of the inventory that differ make the node unhealthy, naming the other nodes. */
    @Test
    void differingInventoriesAreAProblem() {
        DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), ServeFixtures.CLOCK);
        health.cluster(new ClusterStatus("n1", 2, 150, 0, true, List.of("n2 (301 hosts)")));
        HealthLine line = HealthLine.of(health, ServeFixtures.samples());
        assertFalse(line.healthy());
        assertTrue(line.text().startsWith("UNHEALTHY: inventory differs between cluster nodes: this node n1 reads another"
                + " inventory than n2 (301 hosts)"), line.text());
        assertEquals(1.0, value(metrics(health), "tcpfleet_cluster_inventory_differs"));
        health.cluster(new ClusterStatus("n1", 2, 150, 0, false, List.of()));
        assertTrue(HealthLine.of(health, ServeFixtures.samples()).text().contains("database unreachable"));
    }

    static double value(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }
}
