package io.tcpfleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default-value provider for a command with {@code --config FILE}: every option the
 * command line leaves out takes its value from the file ({@link ConfigFile}), else its usual
 * default. picocli asks for defaults after reading the command line, so {@code --config} itself is
 * known by then, and whatever the command line gave wins.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    static final String OPTION = "--config";

    private ConfigFile.Parsed parsed;
    private FileTime parsedModified;

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || OPTION.equals(option.longestName())) {
            return null;
        }
        ConfigFile.Parsed file = file(arg.command());
        if (file == null) {
            return null;
        }
        List<ConfigFile.Value> values = file.values().get(option.longestName().substring(2));
        if (values == null) {
            return null;
        }
        if (option.isMultiValue()) {
            // picocli applies one default string per option: the file's lines go in directly
            option.setValue(typed(option, values));
            return null;
        }
        return values.get(0).text();
    }

    /** The file named by --config, read when first asked or changed since; its problems end the parse. */
    private ConfigFile.Parsed file(CommandSpec command) {
        Path path = command.findOption(OPTION).getValue();
        if (path == null) {
            return null;
        }
        FileTime modified = modified(path);
        if (parsed == null || !parsed.file().equals(path) || !modified.equals(parsedModified)) {
            parsed = ConfigFile.read(path, command); // again when it changed: a daemon may re-read it
            parsedModified = modified;
        }
        if (!parsed.ok()) {
            ConfigFile.Parsed bad = parsed;
            parsed = null; // read again next time: the file may be fixed by then
            throw new CommandLine.ParameterException(command.commandLine(),
                    bad.problems().stream().map(ConfigFile.Problem::toString).collect(Collectors.joining("\ntcpfleet: ")));
        }
        return parsed;
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // ConfigFile.read says why it cannot be read
        }
    }

    /** A repeatable option's values: paths or strings, the only kinds such options have. */
    private static Collection<Object> typed(OptionSpec option, List<ConfigFile.Value> values) {
        Class<?> element = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : String.class;
        if (element != Path.class && element != String.class) {
            throw new IllegalStateException(option.longestName() + ": a repeatable " + element.getSimpleName()
                    + " option cannot come from a config file");
        }
        List<Object> out = new ArrayList<>();
        for (ConfigFile.Value v : values) {
            out.add(element == Path.class ? Path.of(v.text()) : v.text());
        }
        return out;
    }
}
