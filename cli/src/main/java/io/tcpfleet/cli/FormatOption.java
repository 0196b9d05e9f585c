package io.tcpfleet.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json|csv}. */
final class FormatOption {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.TABLE;
}
