package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resolved host with where it came from.
 *
 * @param groups  every group it belongs to, transitively, including {@code all}
 * @param source  the file that defined it first ({@code null}: the command line)
 * @param line    the line there
 * @param origins where each resolved value came from, by field ({@code address}, {@code port},
 *                {@code user}, {@code identity_file}, {@code proxy_jump}, {@code byte_order}):
 *                "file:line (variable)", "ssh_config", "default", ...; only fields that have a value
 */
public record InventoryHost(Host host, Set<String> groups, Path source, int line, Map<String, String> origins) {

    public InventoryHost {
        groups = Collections.unmodifiableSet(new TreeSet<>(groups));
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    public InventoryHost(Host host, Set<String> groups, Path source, int line) {
        this(host, groups, source, line, Map.of());
    }

    /** "file:line" or "command line", for messages. */
    public String origin() {
        return source == null ? "command line" : source + ":" + line;
    }

    InventoryHost withGroups(Set<String> more) {
        Set<String> all = new TreeSet<>(groups);
        all.addAll(more);
        return new InventoryHost(host, all, source, line, origins);
    }
}
