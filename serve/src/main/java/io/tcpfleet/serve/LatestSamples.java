package io.tcpfleet.serve;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest poll of every host of the daemon's current inventory, in memory: the API answers a
 * check with a map lookup, never a database query. Only inventory hosts are served, so a one-off
 * {@code poll} stored in the same database never shows up as if the daemon polled it. Each result
 * replaces the host's previous one as soon as its poll ends (not at the end of the sweep).
 */
public final class LatestSamples {

    /**
     * One host of the inventory, its latest poll (null before its first one ended) and its inventory
     * groups, the most specific first (what Zabbix host discovery files it under).
     */
    public record Entry(Host host, PollResult latest, List<String> groups) {

        public Entry {
            groups = List.copyOf(groups);
        }
    }

    /**
     * The inventory indexed: by name, and every host by address (several hosts may share one); the
     * groups of each host by name.
     */
    private record Inventory(Map<String, Host> byName, Map<String, List<Host>> byAddress, Map<String, List<String>> groups) {

        static Inventory of(List<Host> hosts, Map<String, List<String>> groups) {
            Map<String, Host> byName = new TreeMap<>();
            Map<String, List<Host>> byAddress = new LinkedHashMap<>();
            for (Host h : hosts) {
                if (byName.putIfAbsent(h.name(), h) != null) {
                    throw new IllegalArgumentException("host name " + h.name() + " appears twice in the inventory");
                }
                byAddress.computeIfAbsent(h.address(), a -> new ArrayList<>()).add(h);
            }
            return new Inventory(byName, byAddress, Map.copyOf(groups));
        }
    }

    private volatile Inventory inventory;
    private final Map<String, PollResult> latest = new ConcurrentHashMap<>();

    public LatestSamples(List<Host> hosts) {
        this(hosts, Map.of());
    }

    /**
     * @param groups each host's inventory groups by host name, the most specific first (serve knows
     *               no inventory format: the caller orders them); a host without an entry has none
     */
    public LatestSamples(List<Host> hosts, Map<String, List<String>> groups) {
        this.inventory = Inventory.of(hosts, groups);
    }

    /** A new inventory (a reload): samples of hosts no longer in it, or now elsewhere, are dropped. */
    public synchronized void setInventory(List<Host> hosts) {
        setInventory(hosts, Map.of());
    }

    /** The same with the hosts' groups, as the constructor takes them. */
    public synchronized void setInventory(List<Host> hosts, Map<String, List<String>> groups) {
        Inventory next = Inventory.of(hosts, groups);
        inventory = next;
        latest.entrySet().removeIf(e -> !sameHost(next.byName().get(e.getKey()), e.getValue().host()));
    }

    /**
     * Stored samples from before a restart: only those of the inventory's hosts, with the same
     * target (a name now pointing at another address is another machine). Returns how many were kept.
     */
    public synchronized int seed(List<PollResult> stored) {
        int kept = 0;
        for (PollResult r : stored) {
            if (sameHost(inventory.byName().get(r.host().name()), r.host())) {
                latest.merge(r.host().name(), r, (old, neu) -> neu.polledAt().isAfter(old.polledAt()) ? neu : old);
                kept++;
            }
        }
        return kept;
    }

    /** One host's result, as its poll ends; a result for a host not in the inventory is ignored. */
    public void update(PollResult r) {
        if (sameHost(inventory.byName().get(r.host().name()), r.host())) {
            latest.put(r.host().name(), r);
        }
    }

    public void update(List<PollResult> results) {
        results.forEach(this::update);
    }

    private static boolean sameHost(Host inInventory, Host polled) {
        return inInventory != null && inInventory.address().equals(polled.address())
                && inInventory.port() == polled.port() && Objects.equals(inInventory.user(), polled.user());
    }

    /** By inventory name first; else by address, which must belong to exactly one host. */
    public HostLookup find(String nameOrAddress) {
        Inventory inv = inventory;
        Host h = inv.byName().get(nameOrAddress);
        if (h == null) {
            List<Host> sharing = inv.byAddress().getOrDefault(nameOrAddress, List.of());
            if (sharing.size() > 1) {
                return new HostLookup.Ambiguous(nameOrAddress, sharing.stream().map(Host::name).sorted().toList());
            }
            h = sharing.isEmpty() ? null : sharing.get(0);
        }
        return h == null ? new HostLookup.Unknown(nameOrAddress) : new HostLookup.Found(h, latest.get(h.name()));
    }

    /** Every inventory host, by name, with its latest poll if it has one, and its groups. */
    public List<Entry> all() {
        Inventory inv = inventory;
        List<Entry> out = new ArrayList<>(inv.byName().size());
        for (Host h : inv.byName().values()) {
            out.add(new Entry(h, latest.get(h.name()), inv.groups().getOrDefault(h.name(), List.of())));
        }
        return out;
    }

    /** Hosts in the inventory. */
    public int size() {
        return inventory.byName().size();
    }

    /** Hosts of the inventory that have a sample. */
    public int sampled() {
        return (int) all().stream().filter(e -> e.latest() != null).count();
    }
}
