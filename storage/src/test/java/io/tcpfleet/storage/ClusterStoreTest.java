package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership and claims of the cluster of collectors, on a real PostgreSQL. */
class ClusterStoreTest {

    static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    Engine.TestDatabase db;
    ClusterStore a;
    ClusterStore b;

    @BeforeEach
    void open() {
        db = Engine.POSTGRESQL.create(tmp); // skipped (or failed, in CI) without PostgreSQL
        db.open().close(); // the sample store migrates the schema, cluster tables included
        a = ClusterStore.open(db.url(), db.password());
        b = ClusterStore.open(db.url(), db.password());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static List<String> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "web" + i).toList();
    }

    /** Two nodes claiming overlapping hosts at once, many times: every host goes to exactly one of them. */
    @Test
    void aHostIsClaimedByExactlyOneNodePerSlot() throws Exception {
        List<String> all = hosts(300);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (long slot = 1; slot <= 20; slot++) {
                long s = slot;
                Future<Set<String>> first = pool.submit(() -> a.claim(s, "a", all));
                Future<Set<String>> second = pool.submit(() -> b.claim(s, "b", all.subList(100, 300)));
                Set<String> gotA = first.get();
                Set<String> gotB = second.get();
                Set<String> both = new HashSet<>(gotA);
                both.retainAll(gotB);
                assertTrue(both.isEmpty(), "claimed twice in slot " + s + ": " + both);
                assertEquals(300, gotA.size() + gotB.size(), "every host claimed once in slot " + s);
                assertEquals(300, a.claims(s).size());
                assertEquals(Set.of(), a.claim(s, "a", all), "a second claim in the same slot gets nothing");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(300 * 15, a.prune(16), "slots 1..15 forgotten");
        assertEquals(0, a.claims(15).size());
        assertEquals(300, a.claims(16).size());
    }

    @Test
    void heartbeatsUseTheDatabaseClockAndExpire() throws Exception {
        long before = System.currentTimeMillis();
        long at = a.heartbeat("a", "1", "http://127.0.0.1:1", "fp", 10, TTL);
        assertTrue(Math.abs(at - before) < 60_000, "the database's clock, in epoch ms: " + at);
        b.heartbeat("b", "2", "http://127.0.0.1:2", "fp", 10, TTL);
        List<ClusterMember> live = a.liveMembers(TTL);
        assertEquals(List.of("a", "b"), live.stream().map(ClusterMember::name).toList());
        assertEquals("http://127.0.0.1:2", live.get(1).apiUrl());
        Thread.sleep(400);
        a.heartbeat("a", "1", "http://127.0.0.1:1", "fp", 10, TTL);
        // b stopped heartbeating (kill -9): with a TTL shorter than its silence it is no longer live
        assertEquals(List.of("a"), a.liveMembers(Duration.ofMillis(300)).stream().map(ClusterMember::name).toList());
        // a clean stop deletes the row at once
        a.leave("a", "1");
        assertEquals(List.of("b"), b.liveMembers(TTL).stream().map(ClusterMember::name).toList());
        // a killed node's row is forgotten only once it has been silent longer than asked
        assertEquals(0, a.forgetSilent(Duration.ofHours(1)));
        assertEquals(List.of("b"), b.liveMembers(TTL).stream().map(ClusterMember::name).toList());
        assertEquals(1, a.forgetSilent(Duration.ofMillis(300)));
        assertEquals(List.of(), b.liveMembers(TTL));
    }

    /** A second process started with a live node's name does not steal its row; once that node is silent it may. */
    @Test
    void aLiveNodesNameIsNotTaken() throws Exception {
        assertTrue(a.heartbeat("n1", "first", null, "fp", 1, TTL) > 0);
        assertEquals(-1, b.heartbeat("n1", "second", null, "fp", 1, TTL));
        assertTrue(a.heartbeat("n1", "first", null, "fp", 1, TTL) > 0, "the owner keeps heartbeating");
        Thread.sleep(300);
        assertTrue(b.heartbeat("n1", "second", null, "fp", 1, Duration.ofMillis(200)) > 0, "an expired row is taken over");
        assertEquals(-1, a.heartbeat("n1", "first", null, "fp", 1, TTL), "the old incarnation now finds its name taken");
    }

    @Test
    void anUnreachableDatabaseFailsWithinSeconds() {
        try (ClusterStore gone = ClusterStore.open("jdbc:postgresql://127.0.0.1:1/none?user=x", "pw")) {
            long t0 = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> gone.claim(1, "a", List.of("web1")));
            assertTrue(e.getMessage().startsWith("claiming hosts: cannot reach PostgreSQL"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "bounded, not hanging");
        }
    }

    @Test
    void onlyPostgresCanHoldACluster() {
        StoreException e = assertThrows(StoreException.class, () -> ClusterStore.open("jdbc:h2:mem:x", null));
        assertTrue(e.getMessage().contains("needs PostgreSQL"), e.getMessage());
    }
}
