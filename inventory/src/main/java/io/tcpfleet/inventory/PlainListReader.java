package io.tcpfleet.inventory;

import io.tcpfleet.model.Endpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * A host list: one {@code [user@]host[:port]} per line ({@code [addr]:port} for IPv6), {@code #}
 * comments; command-line hosts are read the same way. These entries have no inventory name: a
 * host's identity is where it connects, {@code user@address:port}, once ssh_config has resolved it.
 */
final class PlainListReader {

    /**
     * One entry as written.
     *
     * @param port    the port written, or null
     * @param file    the list, or null for the command line
     * @param ordinal its place in inventory order
     */
    record Entry(String user, String host, Integer port, Path file, int line, int ordinal) {
    }

    private PlainListReader() {
    }

    static void read(Path file, List<String> lines, List<Entry> out, HostBudget budget, List<InventoryProblem> problems) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String spec = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (spec.isEmpty()) {
                continue;
            }
            String[] words = spec.split("\\s+", 2);
            if (words.length > 1) {
                // Not silently dropped: "web1 web2" or "web1 ansible_user=x" means something else was meant.
                problems.add(new InventoryProblem(file, i + 1, "unexpected '" + words[1] + "' after host '" + words[0]
                        + "': a host list has one [user@]host[:port] per line and nothing else"));
                continue;
            }
            Entry e = entry(spec, file, i + 1, budget, problems);
            if (e != null) {
                out.add(e);
            }
        }
    }

    /** One {@code [user@]host[:port]}, or null after a problem saying why it is none. */
    static Entry entry(String spec, Path file, int line, HostBudget budget, List<InventoryProblem> problems) {
        Endpoint e;
        try {
            e = Endpoint.parse(spec, null);
        } catch (IllegalArgumentException ex) {
            problems.add(new InventoryProblem(file, line, ex.getMessage()));
            return null;
        }
        String bad = ValueChecks.address(e.host());
        String value = e.host();
        if (bad == null && e.user() != null) {
            bad = ValueChecks.user(e.user());
            value = e.user();
        }
        if (bad != null) {
            problems.add(new InventoryProblem(file, line, ValueChecks.quote(value) + ": " + bad));
            return null;
        }
        int ordinal = budget.take(1);
        if (ordinal < 0) {
            problems.add(new InventoryProblem(file, line, "one host too many: " + budget.limit()));
            return null;
        }
        boolean portWritten = spec.matches(".*:\\d+") && (spec.indexOf(':') == spec.lastIndexOf(':') || spec.contains("]:"));
        return new Entry(e.user(), e.host(), portWritten ? e.port() : null, file, line, ordinal);
    }
}
