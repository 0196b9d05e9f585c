package io.tcpfleet.cli.output;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.json.SampleJson;
import java.io.PrintWriter;
import java.util.List;

/** Prints samples in the chosen format: the JSON contract, or {@link SampleRows} as a table or CSV. */
public final class ResultPrinter {

    private ResultPrinter() {
    }

    /** A fleet view; with one host, the table adds its ports and peers. */
    public static void fleet(OutputFormat format, List<PollResult> results, Freshness freshness, PrintWriter out) {
        if (format == OutputFormat.JSON) {
            json(results, freshness, out);
            return;
        }
        RowsPrinter.print(format, SampleRows.fleet(results, freshness), out);
        if (format == OutputFormat.TABLE && results.size() == 1) {
            HostDetails.print(results.get(0), out);
        }
        out.flush();
    }

    /** One host's samples over time. */
    public static void history(OutputFormat format, List<PollResult> samples, Freshness freshness, PrintWriter out) {
        if (format == OutputFormat.JSON) {
            json(samples, freshness, out);
            return;
        }
        RowsPrinter.print(format, SampleRows.history(samples, freshness), out);
    }

    private static void json(List<PollResult> results, Freshness freshness, PrintWriter out) {
        out.println(SampleJson.pretty(SampleJson.samples(results, freshness)));
        out.flush();
    }
}
