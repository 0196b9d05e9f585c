package io.tcpfleet.serve;

import io.tcpfleet.model.PollResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every host's latest poll, in memory, as the daemon's API answers from it: a check costs a map
 * lookup, never a database query. Updated after each sweep is stored; seeded from the database at
 * start. Hosts are found by inventory name or by address, since Zabbix passes either.
 */
public final class LatestSamples {

    private final Map<String, PollResult> byName = new ConcurrentHashMap<>();
    private final Map<String, String> nameByAddress = new ConcurrentHashMap<>();

    public void update(List<PollResult> results) {
        for (PollResult r : results) {
            byName.put(r.host().name(), r);
            nameByAddress.put(r.host().address(), r.host().name());
        }
    }

    /** By name first, then by address. */
    public Optional<PollResult> find(String nameOrAddress) {
        PollResult r = byName.get(nameOrAddress);
        if (r == null) {
            String name = nameByAddress.get(nameOrAddress);
            r = name == null ? null : byName.get(name);
        }
        return Optional.ofNullable(r);
    }

    /** All hosts, by name. */
    public List<PollResult> all() {
        List<PollResult> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(r -> r.host().name()));
        return out;
    }

    public int size() {
        return byName.size();
    }
}
