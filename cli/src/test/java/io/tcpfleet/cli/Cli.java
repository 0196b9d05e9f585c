package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the real command line in process, capturing stdout and stderr through picocli's own
 * streams (nothing swaps {@code System.out}), or in a JVM of its own, as from a shell.
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

    /** {@code java [jvmOptions] -cp (this class path) Main args}: the command line of tcpfleet in its own JVM. */
    static List<String> javaCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The real command in a JVM of its own (at most a minute), its environment as {@code env}
     * leaves it (TCPFLEET_HOME, HOME...), its stdin closed.
     */
    static Run inOwnJvm(Consumer<Map<String, String>> env, List<String> jvmOptions, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jvmOptions, args));
        env.accept(pb.environment());
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("tcpfleet " + String.join(" ", args) + " did not end");
            }
            return new Run(p.exitValue(), out, err.join());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
