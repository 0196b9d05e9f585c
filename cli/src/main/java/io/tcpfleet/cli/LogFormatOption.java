package io.tcpfleet.cli;

import io.tcpfleet.cli.log.JsonLogProvider;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --log-format text|json}: how the log lines on stderr look (values on stdout never change). */
final class LogFormatOption {

    enum LogFormat {
        TEXT, JSON;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines as text, or json: one object per line (time, level, logger, message, host) for log shippers"
                    + " (default: ${DEFAULT-VALUE}).")
    LogFormat format;

    /** The command's first step, before anything logs: slf4j picks its format once. */
    void apply() {
        if (format == LogFormat.JSON) {
            JsonLogProvider.select();
        }
    }
}
