package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Lazy subcommands: a run builds only the command it runs, and nothing is lost from the tree. */
class CommandsTest {

    private static Set<String> added(String... args) {
        return Commands.addNeeded(new CommandLine(new Main()), args).getSubcommands().keySet();
    }

    @Test
    void theNamedCommandAloneUnlessHelpOrCompletionNeedAll() {
        assertEquals(Set.of("get"), added("get", "web1", "TIME_WAIT"));
        assertEquals(Set.of("inventory"), added("inventory", "check", "-i", "x"));
        assertEquals(Set.of(), added("--version"));
        List<String> all = new ArrayList<>();
        Commands.names().forEach(all::add);
        assertEquals(Set.copyOf(all), added("--help"));
        assertEquals(Set.copyOf(all), added("generate-completion"));
        assertEquals(Set.copyOf(all), added("pol"), "a misspelt command gets suggestions from every name");
        assertEquals(Set.copyOf(all), added());
    }

    @Test
    void everyNameIsItsCommandsOwn() {
        CommandLine full = Main.commandLine();
        for (String name : Commands.names()) {
            assertEquals(name, full.getSubcommands().get(name).getCommandName());
        }
        assertEquals(ExitCode.OK, Cli.run("get", "--help").exit());
        assertEquals(ExitCode.USAGE, Cli.run("pol").exit());
    }
}
