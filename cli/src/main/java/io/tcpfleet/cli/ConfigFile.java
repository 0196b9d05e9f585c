package io.tcpfleet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options in a file ({@code collect --config /etc/tcpfleet/collect.conf}): one
 * {@code key = value} per line, the key a long option name without its dashes; {@code #} starts a
 * comment line. A repeatable option takes one value per line, the key repeated. Every value is
 * checked by picocli's own converters when the file is read, so a bad value is reported with its
 * file and line, like an unknown key. Nothing here holds secrets: options take only the paths of
 * files that do.
 *
 * <p>{@link #read} returns the settings or every problem, and changes nothing: a daemon can
 * re-read its file and keep the old settings when the new file is broken.
 */
final class ConfigFile {

    /** Options that make no sense in a file. */
    private static final Set<String> NOT_IN_FILE = Set.of("config", "help", "version");

    /** A value and the line it came from. */
    record Value(int line, String text) {
    }

    /** What is wrong, where: {@code FILE:LINE: message}. */
    record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /** The file's values by key (in file order), or its problems. */
    record Parsed(Path file, Map<String, List<Value>> values, List<Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private ConfigFile() {
    }

    /** Reads {@code file} as options of {@code command}: trusted only if no one else can write it. */
    static Parsed read(Path file, CommandSpec command) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<Value>> values = new LinkedHashMap<>();
        String untrusted = TrustedFile.problem(file);
        if (untrusted != null) {
            problems.add(new Problem(file, 0, untrusted));
            return new Parsed(file, values, problems);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "cannot read: " + e.getMessage()));
            return new Parsed(file, values, problems);
        }
        CommandLine trial = trialParser(command);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add(new Problem(file, i + 1, "expected key = value, got '" + line + "'"));
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            OptionSpec option = NOT_IN_FILE.contains(key) || key.startsWith("-") ? null : command.findOption("--" + key);
            if (option == null || option.inherited()) { // inherited: the top command's (--debug), not collect's
                problems.add(new Problem(file, i + 1, "unknown key '" + key + "' (keys are the long options of 'tcpfleet "
                        + command.name() + "' without dashes)"));
                continue;
            }
            List<Value> seen = values.computeIfAbsent(key, k -> new ArrayList<>());
            if (!seen.isEmpty() && !option.isMultiValue()) {
                problems.add(new Problem(file, i + 1, "'" + key + "' given twice (first on line " + seen.get(0).line() + ")"));
                continue;
            }
            String converted = check(trial, option, value);
            if (converted != null) {
                problems.add(new Problem(file, i + 1, converted));
                continue;
            }
            seen.add(new Value(i + 1, value));
        }
        return new Parsed(file, values, problems);
    }

    /** A fresh parser of the same command, to try values on without touching the real one. */
    private static CommandLine trialParser(CommandSpec command) {
        CommandLine trial = new CommandLine(command.userObject().getClass());
        trial.setCaseInsensitiveEnumValuesAllowed(command.parser().caseInsensitiveEnumValuesAllowed());
        return trial;
    }

    /** Why picocli refuses the value for the option (the converters the command line uses), or null. */
    private static String check(CommandLine trial, OptionSpec option, String value) {
        try {
            trial.parseArgs(option.longestName() + "=" + value);
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }
}
