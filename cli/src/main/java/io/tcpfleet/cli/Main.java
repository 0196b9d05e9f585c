package io.tcpfleet.cli;

import io.tcpfleet.storage.StoreServer;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code tcpfleet}: agentless TCP connection-state monitoring for a fleet of Linux servers. */
@Command(name = "tcpfleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Agentless TCP connection-state monitoring for a fleet of Linux servers.",
                "Values go to stdout, logs and errors to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCode.OK + ":ok", ExitCode.FAILED + ":some host failed (the others were done)",
                ExitCode.USAGE + ":usage error", ExitCode.FOUND + ":diagnose found something"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests: no System.exit). */
    public static int run(String... args) {
        return configure(Commands.addNeeded(top(), args)).execute(args);
    }

    /** The whole command tree (help, completion, man pages): {@link Commands}. */
    public static CommandLine commandLine() {
        return configure(Commands.addAll(top()));
    }

    private static CommandLine top() {
        StoreServer.bindToLoopback(); // before any H2 class loads: `collect` serves its database on loopback only
        return new CommandLine(new Main());
    }

    /** After the subcommands are added: picocli applies these settings to the commands present. */
    private static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> ExitCode.FAILED);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("tcpfleet: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException) {
                c.getErr().println("tcpfleet: " + ex.getMessage());
                return ExitCode.USAGE;
            }
            c.getErr().println("tcpfleet: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (System.getenv("TCPFLEET_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            return ExitCode.FAILED;
        });
        return cl;
    }
}
