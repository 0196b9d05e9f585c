package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 14: the daemon's own health, as /health and /metrics show it, from what its parts report. */
class DaemonHealthTest {

    final MutableClock clock = new MutableClock(ServeFixtures.NOW);
    final DaemonHealth health = new DaemonHealth(Duration.ofMinutes(1), clock);

    static HttpResponse<String> get(StatusApi api, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + api.address().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    StatusApi api() throws Exception {
        return StatusApi.start(new InetSocketAddress("127.0.0.1", 0),
                ServeFixtures.served(ServeFixtures.samples(), health, MetricsConfig.basic()));
    }

    @Test
    void aStoreFailureMakesTheDaemonUnhealthyWithTheReasonUntilItRecovers() throws Exception {
        try (StatusApi api = api()) {
            assertEquals(200, get(api, "/health").statusCode());
            assertTrue(get(api, "/metrics").body().contains("\ntcpfleet_store_up 1\n"));

            health.storeFailed("no space left on device on /var/lib/tcpfleet (free 0 bytes)");
            health.bufferedSweeps(3);
            HttpResponse<String> h = get(api, "/health");
            assertEquals(503, h.statusCode());
            assertTrue(h.body().startsWith("UNHEALTHY: store failing: no space left on device on /var/lib/tcpfleet"
                    + " (free 0 bytes) (3 sweeps held in memory)"), h.body());
            assertEquals(1, h.body().lines().count());
            String m = get(api, "/metrics").body();
            assertTrue(m.contains("\ntcpfleet_store_up 0\n"), m);
            assertTrue(m.contains("\ntcpfleet_store_buffered_sweeps 3\n"), m);
            assertTrue(m.contains("\ntcpfleet_collector_healthy 0\n"), m);

            health.storeRecovered();
            health.bufferedSweeps(0);
            assertEquals(200, get(api, "/health").statusCode());
            assertTrue(get(api, "/metrics").body().contains("\ntcpfleet_collector_healthy 1\n"));
        }
    }

    @Test
    void aSweepThatOverrunsItsIntervalShowsPendingHostsAndTheOldestPollInFlight() throws Exception {
        SweepTracker sweeps = health.sweeps();
        try (StatusApi api = api()) {
            sweeps.sweepStarted(4);
            sweeps.pollStarted("web1");
            clock.advance(Duration.ofSeconds(5));
            sweeps.pollStarted("db1");
            sweeps.polled(PollResult.failed(ServeFixtures.DB1, clock.instant(), Duration.ofSeconds(1), PollStatus.REFUSED, "refused", 0));
            sweeps.pollStarted("old1");
            clock.advance(Duration.ofSeconds(10));
            assertEquals(200, get(api, "/health").statusCode(), "15 s into a 1 m interval is on time");
            String m = get(api, "/metrics").body();
            assertTrue(m.contains("\ntcpfleet_sweep_running 1\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_overrun 0\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_pending_hosts 3\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_in_flight_hosts 2\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_oldest_in_flight_seconds 15.000\n"), m);

            clock.advance(Duration.ofSeconds(75));
            HttpResponse<String> h = get(api, "/health");
            assertEquals(503, h.statusCode());
            assertTrue(h.body().startsWith("UNHEALTHY: sweep overrunning its interval of 1m: running for 1m30s,"
                    + " 3 of 4 hosts pending, oldest poll in flight web1 for 1m30s"), h.body());
            m = get(api, "/metrics").body();
            assertTrue(m.contains("\ntcpfleet_sweep_overrun 1\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_running_seconds 90.000\n"), m);
            assertTrue(m.contains("\ntcpfleet_poll_failures_total{status=\"REFUSED\"} 1\n"), m);

            sweeps.sweepFinished();
            assertEquals(200, get(api, "/health").statusCode());
            m = get(api, "/metrics").body();
            assertTrue(m.contains("\ntcpfleet_sweep_duration_seconds 90.000\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweeps_total 1\n"), m);
            assertTrue(m.contains("\ntcpfleet_sweep_pending_hosts 0\n"), m);
        }
    }

    @Test
    void aLoopThatStopsSweepingIsUnhealthy() throws Exception {
        try (StatusApi api = api()) {
            health.sweeps().sweepStarted(1);
            health.sweeps().sweepFinished();
            clock.advance(Duration.ofSeconds(110));
            assertEquals(200, get(api, "/health").statusCode());
            clock.advance(Duration.ofSeconds(20));
            HttpResponse<String> h = get(api, "/health");
            assertEquals(503, h.statusCode());
            assertTrue(h.body().startsWith("UNHEALTHY: no sweep started for 2m10s (interval 1m): the collect loop is stuck"),
                    h.body());
        }
    }
}
