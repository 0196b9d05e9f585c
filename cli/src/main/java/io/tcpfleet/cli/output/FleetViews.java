package io.tcpfleet.cli.output;

import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fleet-wide answers from every host's latest sample: which hosts hold the most of a state and how
 * that changed, and which service (local port) or remote (peer) holds the most across the fleet.
 */
public final class FleetViews {

    private FleetViews() {
    }

    /** A host's count of the state now and at the earlier time (null: no sample then). */
    public record Change(String host, String status, Long now, Long before, Long total) {
        public Long change() {
            return now == null || before == null ? null : now - before;
        }
    }

    /** One port or peer across the fleet. */
    public record Holder(String key, String direction, int hosts, long count, long total, String topHost, long topCount) {
    }

    public static long count(StateCounts s, String state) {
        return state.equals("TOTAL") ? s.total() : s.get(TcpState.valueOf(state));
    }

    /** Hosts by the state's count now, largest first, with the count at {@code before}. */
    public static List<Change> changes(List<PollResult> now, List<PollResult> before, String state) {
        Map<String, PollResult> then = new HashMap<>();
        before.forEach(r -> then.put(r.host().name(), r));
        List<Change> out = new ArrayList<>();
        for (PollResult r : now) {
            PollResult b = then.get(r.host().name());
            out.add(new Change(r.host().name(), r.status().name(), r.tally() == null ? null : count(r.tally().states(), state),
                    b == null || b.tally() == null ? null : count(b.tally().states(), state),
                    r.tally() == null ? null : r.tally().total()));
        }
        out.sort(Comparator.comparing((Change c) -> c.now() == null ? -1 : c.now()).reversed()
                .thenComparing(Change::host));
        return out;
    }

    /** Local listening ports across the fleet by the state's count on them, largest first. */
    public static List<Holder> byPort(List<PollResult> results, String state) {
        Map<String, List<long[]>> acc = new LinkedHashMap<>();
        Map<String, List<String>> hostsOf = new HashMap<>();
        for (PollResult r : results) {
            if (r.tally() == null) {
                continue;
            }
            for (PortTally p : r.tally().ports()) {
                String key = Integer.toString(p.port());
                acc.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {count(p.states(), state), p.states().total()});
                hostsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(r.host().name());
            }
        }
        return holders(acc, hostsOf, k -> "listening");
    }

    /** Remote peers across the fleet (named ones; each host's "other" bucket is not attributable). */
    public static List<Holder> byPeer(List<PollResult> results, String state) {
        Map<String, List<long[]>> acc = new LinkedHashMap<>();
        Map<String, List<String>> hostsOf = new HashMap<>();
        Map<String, String> direction = new HashMap<>();
        for (PollResult r : results) {
            if (r.tally() == null) {
                continue;
            }
            for (PeerTally p : r.tally().peers()) {
                String key = p.endpoint();
                acc.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {count(p.states(), state), p.states().total()});
                hostsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(r.host().name());
                direction.put(key, p.inbound() ? "in" : "out");
            }
        }
        return holders(acc, hostsOf, direction::get);
    }

    private static List<Holder> holders(Map<String, List<long[]>> acc, Map<String, List<String>> hostsOf,
                                        java.util.function.Function<String, String> direction) {
        List<Holder> out = new ArrayList<>();
        acc.forEach((key, list) -> {
            long count = 0;
            long total = 0;
            int top = 0;
            for (int i = 0; i < list.size(); i++) {
                count += list.get(i)[0];
                total += list.get(i)[1];
                if (list.get(i)[0] > list.get(top)[0]) {
                    top = i;
                }
            }
            out.add(new Holder(key, direction.apply(key), list.size(), count, total, hostsOf.get(key).get(top), list.get(top)[0]));
        });
        out.sort(Comparator.comparingLong(Holder::count).reversed().thenComparing(Comparator.comparingLong(Holder::total).reversed())
                .thenComparing(Holder::key));
        return out;
    }
}
