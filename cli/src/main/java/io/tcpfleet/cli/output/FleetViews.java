package io.tcpfleet.cli.output;

import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.PeerTally;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PortTally;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fleet-wide answers from every host's latest sample, as {@link Rows}: which hosts hold the most
 * of a state and how that changed, and which service (local port) or remote (peer) holds the
 * most across the fleet.
 */
public final class FleetViews {

    /** Which breakdown {@code report --by} groups the fleet by. */
    public enum Breakdown {
        PORT, PEER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FleetViews() {
    }

    /**
     * A host's count of the state now and at the earlier time. {@code before} is null when there
     * is no earlier sample, and {@code sameSample} tells the case where the newest sample that old
     * is the latest one itself: the hosts' samples are further apart than the change asked for.
     */
    record Change(String host, String status, Long now, Long before, Long total, boolean sameSample) {
        Long change() {
            return now == null || before == null ? null : now - before;
        }
    }

    /** One port or peer across the fleet. */
    record Holder(String key, String direction, int hosts, long count, long total, String topHost, long topCount) {
    }

    /** The result of {@link #changes}: the rows, and the hosts whose samples are too far apart to compare. */
    public record Changes(Rows rows, List<String> tooFarApart) {
    }

    /** Hosts by the state's count now, largest first, with the count {@code ago} before. */
    public static Changes changes(List<PollResult> now, List<PollResult> before, TcpState state, Duration ago, int limit) {
        Map<String, PollResult> then = new HashMap<>();
        before.forEach(r -> then.put(r.host().name(), r));
        List<Change> out = new ArrayList<>();
        List<String> tooFar = new ArrayList<>();
        for (PollResult r : now) {
            PollResult b = then.get(r.host().name());
            boolean same = b != null && b.polledAt().equals(r.polledAt());
            if (same) {
                tooFar.add(r.host().name());
            }
            out.add(new Change(r.host().name(), r.status().name(), count(r, state),
                    same ? null : count(b, state), count(r, TcpState.TOTAL), same));
        }
        out.sort(Comparator.comparing((Change c) -> c.now() == null ? -1 : c.now()).reversed()
                .thenComparing(Change::host));
        String since = DurationText.of(ago);
        Rows.Builder rows = Rows.with(Rows.Column.text("host", "HOST"), Rows.Column.text("status", "STATUS"),
                Rows.Column.text("state", null), Rows.Column.number("value", state.name()),
                Rows.Column.number("before", since.toUpperCase(java.util.Locale.ROOT) + " AGO"),
                Rows.Column.delta("change", "CHANGE"), Rows.Column.text("since", null),
                Rows.Column.number("TOTAL", "TOTAL"));
        out.stream().limit(limit).forEach(c -> rows.add(c.host(), c.status(), state.name(), c.now(), c.before(),
                c.change(), since, c.total()));
        return new Changes(rows.build(), tooFar);
    }

    /** Local listening ports (or remote peers) across the fleet by the state's count, largest first. */
    public static Rows holders(List<PollResult> results, Breakdown by, TcpState state, int limit) {
        Map<String, List<long[]>> acc = new LinkedHashMap<>();
        Map<String, List<String>> hostsOf = new HashMap<>();
        Map<String, String> direction = new HashMap<>();
        for (PollResult r : results) {
            if (r.tally() == null) {
                continue;
            }
            if (by == Breakdown.PORT) {
                for (PortTally p : r.tally().ports()) {
                    add(acc, hostsOf, Integer.toString(p.port()), p.states(), state, r);
                    direction.put(Integer.toString(p.port()), "listening");
                }
            } else {
                // named peers only: each host's "other" bucket is not attributable
                for (PeerTally p : r.tally().peers()) {
                    add(acc, hostsOf, p.endpoint(), p.states(), state, r);
                    direction.put(p.endpoint(), p.inbound() ? "in" : "out");
                }
            }
        }
        Rows.Builder rows = Rows.with(Rows.Column.text(by.toString(), by.name()), Rows.Column.text("direction", "DIR"),
                Rows.Column.number("hosts", "HOSTS"), Rows.Column.text("state", null),
                Rows.Column.number("count", state.name()), Rows.Column.number("TOTAL", "TOTAL"),
                Rows.Column.text("top_host", "MOST ON"), Rows.Column.number("top_host_count", "MOST"));
        holders(acc, hostsOf, direction::get).stream().limit(limit).forEach(h -> rows.add(h.key(), h.direction(),
                h.hosts(), state.name(), h.count(), h.total(), h.topHost(), h.topCount()));
        return rows.build();
    }

    private static void add(Map<String, List<long[]>> acc, Map<String, List<String>> hostsOf, String key,
                            StateCounts counts, TcpState state, PollResult r) {
        acc.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {counts.get(state), counts.total()});
        hostsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(r.host().name());
    }

    private static Long count(PollResult r, TcpState state) {
        return r == null || r.tally() == null ? null : r.tally().get(state);
    }

    private static List<Holder> holders(Map<String, List<long[]>> acc, Map<String, List<String>> hostsOf,
                                        Function<String, String> direction) {
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
