package io.tcpfleet.cli.output;

import java.util.Locale;

/** How values are printed on stdout: the same three names on every command. */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** JSON for programs: an array of objects (one per host for samples). */
    JSON,
    /** RFC 4180 CSV with a header row, for spreadsheets. */
    CSV;

    /** Lower case, as options take it and completion offers it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
