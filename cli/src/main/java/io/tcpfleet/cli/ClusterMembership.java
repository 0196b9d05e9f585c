package io.tcpfleet.cli;

import io.tcpfleet.model.DurationText;
import io.tcpfleet.storage.ClusterMember;
import io.tcpfleet.storage.ClusterStore;
import io.tcpfleet.storage.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This collector's membership of the cluster of its PostgreSQL database: its row in
 * {@code tcpfleet_node}, kept alive by a heartbeat on its own thread (a long sweep never delays
 * it), and what the last heartbeat saw of the other nodes. Time comes from the database: each
 * heartbeat measures how far this machine's clock is from it, and {@link #now()} corrects for it,
 * so that every node agrees on the interval slots whatever its own clock says.
 *
 * <p>A node is live while its heartbeat is newer than {@link #ttl()} (three heartbeats): a kill -9
 * expires within that. {@link #close()} deletes the row, so the others take its hosts at their
 * next sweep.
 */
final class ClusterMembership implements AutoCloseable {

    /** What the last heartbeat saw: the live nodes (this one included once it got in), or that it failed. */
    record View(List<ClusterMember> live, boolean reachable, String problem) {

        View {
            live = List.copyOf(live);
        }

        List<String> names() {
            return live.stream().map(ClusterMember::name).toList();
        }
    }

    private final ClusterStore store;
    private final String node;
    private final String incarnation = UUID.randomUUID().toString();
    private volatile String inventory;
    private volatile int hosts;
    private final Duration period;
    private final ScheduledExecutorService beat;
    private volatile String apiUrl;
    private volatile View view = new View(List.of(), false, "no heartbeat yet");
    private volatile long offsetMillis;
    /** After an outage, the nodes live before it, presumed live until they have had a TTL to heartbeat again. */
    private volatile List<ClusterMember> presumed = List.of();
    private volatile long presumedUntil;

    ClusterMembership(ClusterStore store, String node, String inventory, int hosts, Duration interval) {
        this.store = store;
        this.node = node;
        this.inventory = inventory;
        this.hosts = hosts;
        this.period = periodFor(interval);
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpfleet-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** min(interval / 3, 10 s): three heartbeats per interval, and a dead node found within 30 s on long intervals. */
    static Duration periodFor(Duration interval) {
        Duration third = interval.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : third;
    }

    Duration ttl() {
        return period.multipliedBy(3);
    }

    String node() {
        return node;
    }

    String inventory() {
        return inventory;
    }

    /** After a reload: the next heartbeat publishes the new inventory's fingerprint and size. */
    void inventory(String fingerprint, int hostCount) {
        inventory = fingerprint;
        hosts = hostCount;
    }

    /**
     * Joins: the first heartbeat, then one every period. Refuses a name a live node uses (two
     * processes under one name would each take the same share).
     */
    void join(String api) {
        this.apiUrl = api;
        heartbeat();
        if (view.problem() != null && view.problem().startsWith("the node name")) {
            throw new UsageException(view.problem());
        }
        CollectLoop.LOG.info("joined the cluster as node {} (heartbeat every {}, a silent node expires after {}): {} live node(s) {}",
                node, DurationText.of(period), DurationText.of(ttl()), view.live().size(), view.names());
        long ms = period.toMillis();
        beat.scheduleAtFixedRate(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        try {
            long sent = System.currentTimeMillis();
            long dbNow = store.heartbeat(node, incarnation, apiUrl, inventory, hosts, ttl());
            if (dbNow < 0) {
                view = new View(view.live(), true, "the node name " + node + " is in use by another live collector:"
                        + " give each one its own --node");
                CollectLoop.LOG.error(view.problem());
                return;
            }
            long received = System.currentTimeMillis();
            offsetMillis = dbNow - (sent + received) / 2;
            View before = view;
            view = new View(store.liveMembers(ttl()), true, null);
            if (!before.reachable() && before.problem() != null && !before.problem().equals("no heartbeat yet")) {
                // Every heartbeat expired during the outage: the first node back would otherwise see itself
                // alone and claim every host, while others still poll their last known share unclaimed.
                presumed = before.live();
                presumedUntil = System.nanoTime() + ttl().toNanos();
                CollectLoop.LOG.info("cluster database reachable again: {} live node(s) {}; the {} known before are presumed"
                        + " live for {}", view.live().size(), view.names(), presumed.size(), DurationText.of(ttl()));
            }
        } catch (RuntimeException e) { // StoreException, or anything else: the heartbeat thread must live on
            View before = view;
            view = new View(before.live(), false, e.getMessage());
            if (before.reachable()) {
                CollectLoop.LOG.warn("cluster heartbeat failed: {}", e.getMessage());
            }
        }
    }

    /** The last heartbeat's view of the cluster (with the nodes presumed live just after an outage). */
    View view() {
        View v = view;
        if (presumed.isEmpty() || System.nanoTime() - presumedUntil > 0) {
            return v;
        }
        java.util.Map<String, ClusterMember> all = new java.util.TreeMap<>();
        presumed.forEach(m -> all.put(m.name(), m));
        v.live().forEach(m -> all.put(m.name(), m));
        return new View(List.copyOf(all.values()), v.reachable(), v.problem());
    }

    /** The database's time now, in epoch milliseconds, as of the last heartbeat's measurement. */
    long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** Stops heartbeating and deletes this node's row, so that the others take its hosts at once. */
    @Override
    public void close() {
        beat.shutdown(); // no interrupt: the heartbeat's JDBC call ends by its own timeout
        try {
            beat.awaitTermination(5, TimeUnit.SECONDS);
            store.leave(node, incarnation);
            CollectLoop.LOG.info("left the cluster (node {})", node);
        } catch (StoreException e) {
            CollectLoop.LOG.warn("could not leave the cluster cleanly (node {} expires within {}): {}", node,
                    DurationText.of(ttl()), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }
}
