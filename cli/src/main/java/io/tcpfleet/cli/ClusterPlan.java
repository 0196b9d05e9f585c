package io.tcpfleet.cli;

import io.tcpfleet.model.Host;
import io.tcpfleet.serve.ClusterStatus;
import io.tcpfleet.serve.DaemonHealth;
import io.tcpfleet.storage.ClusterMember;
import io.tcpfleet.storage.ClusterStore;
import io.tcpfleet.storage.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node's sweeps. Time is cut into interval slots ({@code floor(epoch / interval)}, by the
 * database's clock), and each slot has two passes:
 * <ol>
 * <li>at its start, the node claims its share (rendezvous over the live nodes it knows) in one
 * statement and polls only what it got: the claim's primary key makes a second poll of a host in
 * a slot impossible, even while nodes disagree about who is alive;</li>
 * <li>half-way, it claims whatever host of its inventory no node claimed in the slot (a node died,
 * or views differed the other way) and polls those: no host is skipped while one node runs.</li>
 * </ol>
 * While the database is unreachable it polls its last known share without claims (the sweeps wait
 * in the writer's buffer) and says so in every sweep.
 */
final class ClusterPlan implements SweepPlan {

    /** Prune claims of slots older than this many. */
    static final int KEEP_SLOTS = 10;

    /** Rows of nodes silent this long are deleted: far beyond any heartbeat TTL, and still readable meanwhile. */
    static final Duration FORGET_SILENT_NODES = Duration.ofHours(1);

    private enum Kind { SHARE, CATCH_UP }

    private record Step(long slot, Kind kind) {
    }

    private final ClusterMembership membership;
    private final ClusterStore claims;
    private volatile Map<String, Host> byName; // a reload replaces it for the next pass
    private final long interval;
    private final Duration spread;
    private final DaemonHealth health;
    private Step last;
    private long claimsLost;
    /** The hosts this node polled without a claim in the last share pass (the database was down), else empty. */
    private List<String> unclaimed = List.of();

    /** @param spread at most 40 % of the interval here: the catch-up pass starts half-way */
    ClusterPlan(ClusterMembership membership, ClusterStore claims, List<Host> hosts, Duration interval, Duration spread,
                DaemonHealth health) {
        this.membership = membership;
        this.claims = claims;
        this.byName = index(hosts);
        this.interval = interval.toMillis();
        Duration cap = interval.multipliedBy(2).dividedBy(5);
        this.spread = spread.compareTo(cap) > 0 ? cap : spread;
        this.health = health;
    }

    private static Map<String, Host> index(List<Host> hosts) {
        Map<String, Host> out = new LinkedHashMap<>();
        hosts.forEach(h -> out.put(h.name(), h));
        return out;
    }

    /** A reload: the next pass divides the new inventory, whose fingerprint the next heartbeat publishes. */
    @Override
    public void hosts(List<Host> next) {
        byName = index(next);
        membership.inventory(InventoryFingerprint.of(next), next.size());
    }

    @Override
    public Optional<Pass> next(CountDownLatch stop) throws InterruptedException {
        while (true) {
            long now = membership.now();
            Step step = following(Math.floorDiv(now, interval), now);
            long wait = step.slot() * interval + offset(step.kind()) - now;
            if (wait > 0 && stop.await(wait, TimeUnit.MILLISECONDS) || stop.getCount() == 0) {
                return Optional.empty();
            }
            last = step;
            if (step.kind() == Kind.SHARE) {
                return Optional.of(share(step.slot()));
            }
            List<Host> rest = catchUp(step.slot());
            if (!rest.isEmpty()) {
                return Optional.of(new Pass(rest, Duration.ZERO, "catch-up sweep", false, untilCutoff(step.slot())));
            }
        }
    }

    /**
     * The share's sweep starts this long after the slot's start: samples are stamped by the node's
     * own clock, which may be a little off the database's, and must still fall in their slot.
     */
    private long guard() {
        return Math.min(interval / 20, 1_000);
    }

    /**
     * How long polls of this slot may still start: until a guard before its end, so that a sweep
     * running late never stamps a sample into the next slot, where another node has the host.
     */
    private Duration untilCutoff(long slot) {
        return Duration.ofMillis((slot + 1) * interval - guard() - membership.now());
    }

    /**
     * When a pass starts in its slot: the share a guard after the start; the catch-up half-way, and
     * a node that polled its share unclaimed records those claims a tenth earlier, so that the
     * others' catch-up finds them claimed (and does not poll them a second time).
     */
    private long offset(Kind kind) {
        if (kind == Kind.SHARE) {
            return guard();
        }
        return unclaimed.isEmpty() ? interval / 2 : interval * 2 / 5;
    }

    private Step following(long slot, long now) {
        if (last == null) { // joining: this slot if its first half is left, else the next one
            return new Step(now - slot * interval < interval / 2 ? slot : slot + 1, Kind.SHARE);
        }
        Step next = last.kind() == Kind.SHARE ? new Step(last.slot(), Kind.CATCH_UP) : new Step(last.slot() + 1, Kind.SHARE);
        if (next.slot() < slot) {
            CollectLoop.LOG.warn("the sweep of interval slot {} ran past its end: claiming slot {} now"
                    + " (raise --interval or --concurrency, or add nodes)", last.slot(), slot);
            return new Step(slot, Kind.SHARE);
        }
        return next;
    }

    private Pass share(long slot) {
        Map<String, Host> inventory = byName;
        ClusterMembership.View view = membership.view();
        Set<String> nodes = new TreeSet<>(view.names());
        nodes.add(membership.node()); // a node always counts itself, even before its first heartbeat is seen
        List<String> mine = RendezvousAssignment.of(nodes).share(inventory.keySet(), membership.node());
        List<String> differs = differing(view.live());
        if (!differs.isEmpty()) {
            CollectLoop.LOG.warn("inventory differs between cluster nodes: node {} ({} hosts) and {}: hosts are divided by"
                    + " different lists; give every node the same inventory", membership.node(), inventory.size(), String.join(", ", differs));
        }
        List<String> poll = mine;
        boolean reachable = true;
        unclaimed = List.of();
        try {
            if (!view.reachable()) {
                // the last heartbeat failed: a claim would only wait for its timeout, eating the slot
                throw new StoreException(view.problem() == null ? "no heartbeat yet" : view.problem());
            }
            Set<String> got = claims.claim(slot, membership.node(), mine);
            poll = mine.stream().filter(got::contains).toList();
            if (poll.size() < mine.size()) {
                claimsLost += mine.size() - poll.size();
                CollectLoop.LOG.info("{} host(s) of this node's share were claimed by another node first"
                        + " (membership changing): not polled here in this interval", mine.size() - poll.size());
            }
            if (slot % KEEP_SLOTS == 0) {
                claims.prune(slot - KEEP_SLOTS);
                claims.forgetSilent(FORGET_SILENT_NODES);
            }
        } catch (StoreException e) {
            reachable = false;
            unclaimed = mine;
            CollectLoop.LOG.warn("cluster database unreachable ({}): polling this node's last known share, {} of {} hosts"
                    + " over {} node(s), without claims", e.getMessage(), mine.size(), inventory.size(), nodes.size());
        }
        health.cluster(new ClusterStatus(membership.node(), nodes.size(), mine.size(), claimsLost, reachable, differs));
        return new Pass(hosts(inventory, poll), spread, "sweep", true, untilCutoff(slot));
    }

    private List<Host> catchUp(long slot) {
        if (!unclaimed.isEmpty()) {
            lateClaims(slot);
            return List.of(); // it could not see the slot's claims when it chose what to poll: it takes nothing more
        }
        if (!membership.view().reachable()) {
            return List.of();
        }
        Map<String, Host> inventory = byName;
        try {
            Map<String, String> claimed = claims.claims(slot);
            List<String> unclaimed = inventory.keySet().stream().filter(h -> !claimed.containsKey(h)).toList();
            Set<String> got = claims.claim(slot, membership.node(), unclaimed);
            List<String> taken = unclaimed.stream().filter(got::contains).toList();
            if (!taken.isEmpty()) {
                CollectLoop.LOG.info("taking over {} host(s) no node claimed in this interval (a node stopped, or nodes"
                        + " saw the cluster differently): {}", taken.size(), named(taken));
            }
            return hosts(inventory, taken);
        } catch (StoreException e) {
            CollectLoop.LOG.warn("cluster catch-up pass skipped: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Records the claims of the hosts polled unclaimed while the database was down, once it is back
     * in the same slot: the other nodes' catch-up then leaves them alone. Hosts another node claimed
     * meanwhile were polled twice in this interval, which the log says.
     */
    private void lateClaims(long slot) {
        try {
            Set<String> got = claims.claim(slot, membership.node(), unclaimed);
            if (got.size() < unclaimed.size()) {
                CollectLoop.LOG.warn("{} host(s) polled here without a claim while the database was down were claimed by"
                        + " another node too: polled twice in this interval", unclaimed.size() - got.size());
            }
        } catch (StoreException e) {
            CollectLoop.LOG.debug("late claims failed: {}", e.getMessage());
        }
        unclaimed = List.of();
    }

    private List<String> differing(List<ClusterMember> live) {
        List<String> out = new ArrayList<>();
        for (ClusterMember m : live) {
            if (!m.name().equals(membership.node()) && !m.inventory().equals(membership.inventory())) {
                out.add(m.name() + " (" + m.hosts() + " hosts)");
            }
        }
        return out;
    }

    private static List<Host> hosts(Map<String, Host> inventory, Collection<String> names) {
        return names.stream().map(inventory::get).toList();
    }

    private static String named(List<String> hosts) {
        return String.join(", ", hosts.subList(0, Math.min(CollectLoop.NAMED, hosts.size())))
                + (hosts.size() > CollectLoop.NAMED ? " and " + (hosts.size() - CollectLoop.NAMED) + " more" : "");
    }
}
