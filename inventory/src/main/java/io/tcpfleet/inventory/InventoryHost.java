package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resolved host with where it came from.
 *
 * @param groups every group it belongs to, transitively, including {@code all}
 * @param source the file that defined it first ({@code null}: the command line)
 * @param line   the line there
 */
public record InventoryHost(Host host, Set<String> groups, Path source, int line) {

    public InventoryHost {
        groups = Collections.unmodifiableSet(new TreeSet<>(groups));
    }

    /** "file:line" or "command line", for messages. */
    public String origin() {
        return source == null ? "command line" : source + ":" + line;
    }
}
