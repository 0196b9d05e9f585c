package io.tcpfleet.cli;

/** How results are printed on stdout. */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** One JSON array, one object per host, for programs. */
    JSON,
    /** A header row and one row per host, for spreadsheets. */
    CSV
}
