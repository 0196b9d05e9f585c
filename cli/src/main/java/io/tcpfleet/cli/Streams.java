package io.tcpfleet.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command's stdout (values) and stderr (errors, notes, progress), picocli's own: tests and
 * embedders set them on the {@code CommandLine}, nothing swaps {@code System.out}. {@code -q}
 * keeps only values and errors.
 */
final class Streams {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only values on stdout and errors on stderr: no progress, no notes.")
    boolean quiet;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** One error line on stderr, prefixed like every tcpfleet message; never silenced. */
    void error(String message) {
        error(err(), message);
    }

    /** {@link #error(String)} on a given stderr. */
    static void error(PrintWriter err, String message) {
        err.println("tcpfleet: " + message);
        err.flush();
    }

    /** Something a person may like to know (a file written); silenced by {@code -q}. */
    void note(String message) {
        if (!quiet) {
            err().println(message);
            err().flush();
        }
    }

    /** Progress on stderr, only on a terminal and without {@code -q}. */
    Progress progress() {
        return new Progress(err(), !quiet && System.console() != null);
    }
}
