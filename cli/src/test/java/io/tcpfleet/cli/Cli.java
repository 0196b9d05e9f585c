package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the real command line in process, capturing stdout and stderr through picocli's own
 * streams (nothing swaps {@code System.out}).
 */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Standard input is the process's: {@code tally -} reads it, so only this swaps it, and only for one run. */
    static synchronized Run runWithInput(InputStream stdin, String... args) {
        InputStream oldIn = System.in;
        try {
            System.setIn(stdin);
            return run(args);
        } finally {
            System.setIn(oldIn);
        }
    }
}
