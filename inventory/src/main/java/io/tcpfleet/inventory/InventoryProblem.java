package io.tcpfleet.inventory;

import io.tcpfleet.model.TerminalText;
import java.nio.file.Path;

/**
 * One thing wrong with an inventory, where it is and what is wrong.
 *
 * @param file    the inventory file, or {@code null} for a host given on the command line
 * @param line    1-based line, or 0 for the file as a whole
 * @param message what is wrong, said so that the user can fix it; may quote the file's text as is
 */
public record InventoryProblem(Path file, int line, String message) {

    /** "file:line: message", safe to print on a terminal: whatever a file holds is escaped. */
    @Override
    public String toString() {
        String where = file == null ? "command line" : file + (line > 0 ? ":" + line : "");
        return TerminalText.escape(where + ": " + message);
    }
}
