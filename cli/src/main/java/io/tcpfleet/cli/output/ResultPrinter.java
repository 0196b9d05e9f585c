package io.tcpfleet.cli.output;

import io.tcpfleet.cli.OutputFormat;
import io.tcpfleet.model.PollResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Prints host results in the chosen format. */
public final class ResultPrinter {

    private ResultPrinter() {
    }

    /** A fleet view; with one host, the table adds its ports and peers. */
    public static void fleet(OutputFormat format, List<PollResult> results, PrintStream out) {
        switch (format) {
            case JSON -> json(results, out);
            case CSV -> CsvResults.write(results, out);
            case TABLE -> {
                TableResults.fleet(results, out);
                if (results.size() == 1) {
                    TableResults.details(results.get(0), out);
                }
            }
        }
        out.flush();
    }

    /** One host's samples over time. */
    public static void history(OutputFormat format, List<PollResult> samples, PrintStream out) {
        switch (format) {
            case JSON -> json(samples, out);
            case CSV -> CsvResults.write(samples, out);
            case TABLE -> TableResults.history(samples, out);
        }
        out.flush();
    }

    private static void json(List<PollResult> results, PrintStream out) {
        try {
            JsonResults.write(results, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
