package io.tcpfleet.inventory;

import java.nio.file.Path;

/**
 * One thing wrong with an inventory, where it is and what is wrong.
 *
 * @param file    the inventory file, or {@code null} for a host given on the command line
 * @param line    1-based line, or 0 for the file as a whole
 * @param message what is wrong, said so that the user can fix it
 */
public record InventoryProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        if (file == null) {
            return "command line: " + message;
        }
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
