package io.tcpfleet.cli;

import io.tcpfleet.cli.output.OutputFormat;
import picocli.CommandLine.Option;

/** {@code -f, --format table|json|csv}: the same option and value names on every command. */
final class FormatOption {

    /** The default, also for a command line answered without picocli's model. */
    static final OutputFormat DEFAULT = OutputFormat.TABLE;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format = DEFAULT;
}
