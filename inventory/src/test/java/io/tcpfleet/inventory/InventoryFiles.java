package io.tcpfleet.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes inventory files for tests and loads them. */
final class InventoryFiles {

    private InventoryFiles() {
    }

    /** Writes {@code content} to {@code dir/name}, creating parent directories. */
    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    static Inventory load(Path... sources) {
        return new InventoryLoader(SshConfig.empty()).load(List.of(sources), List.of());
    }

    static InventoryHost host(Inventory inv, String name) {
        return inv.hosts().stream().filter(h -> h.host().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no host " + name + " in " + names(inv) + "; problems: " + problems(inv)));
    }

    static List<String> names(Inventory inv) {
        return inv.hosts().stream().map(h -> h.host().name()).toList();
    }

    static List<String> problems(Inventory inv) {
        return inv.problems().stream().map(InventoryProblem::toString).toList();
    }
}
