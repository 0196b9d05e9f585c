package io.tcpfleet.inventory;

import java.nio.file.Path;

/**
 * An inventory variable's value and where it is written, so that a bad value is reported at its
 * own line and {@code inventory check} can say where each resolved value came from.
 *
 * @param value the text (numbers as written), or null for a YAML/JSON null or Python None
 * @param file  the file, or null for the command line
 * @param line  1-based line, or 0 when unknown
 */
record Var(String value, Path file, int line) {

    /** "file:line", "file", or "command line". */
    String where() {
        return file == null ? "command line" : line > 0 ? file + ":" + line : file.toString();
    }
}
