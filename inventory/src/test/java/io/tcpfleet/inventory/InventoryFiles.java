package io.tcpfleet.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes inventory files for tests and loads them. */
final class InventoryFiles {

    private InventoryFiles() {
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static Inventory load(Path... files) {
        return new InventoryLoader(SshConfig.empty()).load(List.of(files), List.of());
    }

    static InventoryHost host(Inventory inv, String name) {
        return inv.hosts().stream().filter(h -> h.host().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no host " + name + " in " + inv.hosts()));
    }
}
