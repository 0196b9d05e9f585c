package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.storage.ClusterMember;
import io.tcpfleet.storage.ClusterStore;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.OpenMode;
import io.tcpfleet.testkit.PostgresServer;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joining, heartbeats and their expiry, and leaving, between real nodes' memberships on a real PostgreSQL. */
@RequiresE2E(Tool.POSTGRESQL)
class ClusterMembershipTest {

    static final Duration INTERVAL = Duration.ofSeconds(3); // heartbeat every 1 s, expiry after 3 s

    PostgresServer pg;
    String url;

    @BeforeEach
    void database() {
        pg = PostgresServer.shared();
        url = pg.jdbcUrl(pg.createDatabase());
        SampleStore.open(url, pg.password(), OpenMode.CREATE).close(); // the schema, as collect's store makes it
    }

    ClusterMembership node(String name) {
        return new ClusterMembership(ClusterStore.open(url, pg.password()), name, "fp", 10, INTERVAL);
    }

    static List<String> await(Supplier<List<String>> names, List<String> wanted) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> last = names.get();
        while (!last.equals(wanted) && System.nanoTime() < until) {
            Thread.sleep(100);
            last = names.get();
        }
        return last;
    }

    @Test
    void periodAndTtlFollowTheInterval() {
        assertEquals(Duration.ofSeconds(10), ClusterMembership.periodFor(Duration.ofMinutes(5)));
        assertEquals(Duration.ofSeconds(5), ClusterMembership.periodFor(Duration.ofSeconds(15)));
        assertEquals(Duration.ofSeconds(3), node("x").ttl());
    }

    /** A node that stops heartbeating without leaving (kill -9) expires; one that closes (SIGTERM) leaves at once. */
    @Test
    void aSilentNodeExpiresAndAClosedOneLeaves() throws Exception {
        try (ClusterMembership a = node("a"); ClusterStore bStore = ClusterStore.open(url, pg.password());
             ClusterStore observer = ClusterStore.open(url, pg.password())) {
            ClusterMembership b = new ClusterMembership(bStore, "b", "fp", 10, INTERVAL);
            a.join("http://127.0.0.1:1");
            b.join("http://127.0.0.1:2");
            assertEquals(List.of("a", "b"), await(() -> a.view().names(), List.of("a", "b")), "a sees b join");
            assertTrue(Math.abs(a.now() - System.currentTimeMillis()) < 1_000, "the database's clock, on this very machine");

            bStore.close(); // b's heartbeats fail from now on, and it never deletes its row: as a kill -9
            long silent = System.nanoTime();
            assertEquals(List.of("a"), await(() -> a.view().names(), List.of("a")), "b expired");
            assertTrue(System.nanoTime() - silent < Duration.ofSeconds(6).toNanos(), "within the TTL and a heartbeat or two");
            assertEquals(List.of("a", "b"), names(observer.liveMembers(Duration.ofHours(1))), "b's row is still there, expired");

            a.close();
            assertEquals(List.of("b"), names(observer.liveMembers(Duration.ofHours(1))), "a left: its row deleted");
        }
    }

    @Test
    void aLiveNodesNameIsRefused() throws Exception {
        try (ClusterMembership first = node("same")) {
            first.join(null);
            ClusterMembership second = node("same");
            UsageException e = assertThrows(UsageException.class, () -> second.join(null));
            assertTrue(e.getMessage().contains("the node name same is in use by another live collector"), e.getMessage());
            second.close();
            assertEquals(List.of("same"), await(() -> first.view().names(), List.of("same")), "the first one keeps its row");
        }
    }

    @Test
    void aNodeNameWantsPostgres() {
        Cli.Run run = Cli.run("collect", "--node", "a", "--listen", "none", "web1");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--node goes with --db jdbc:postgresql://"), run.err());
    }

    static List<String> names(List<ClusterMember> members) {
        return members.stream().map(ClusterMember::name).toList();
    }
}
