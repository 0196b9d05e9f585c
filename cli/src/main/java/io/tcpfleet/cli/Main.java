package io.tcpfleet.cli;

import io.tcpfleet.storage.StoreServer;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code tcpfleet}: agentless TCP connection-state monitoring for a fleet of Linux servers. */
@Command(name = "tcpfleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Agentless TCP connection-state monitoring for a fleet of Linux servers.",
                "Values go to stdout, logs and errors to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCode.OK + ":ok", ExitCode.FAILED + ":some host failed (the others were done)",
                ExitCode.USAGE + ":usage error", ExitCode.FOUND + ":diagnose found something"})
public final class Main implements Runnable {

    /** Loggers --debug turns up: the SSH library's (off by default) and tcpfleet's own. */
    private static final List<String> DEBUG_LOGGERS = List.of("net.schmizz", "com.hierynomus", "io.tcpfleet", "tcpfleet");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean debug;

    Main() {
        debug(System.getenv("TCPFLEET_DEBUG") != null);
    }

    /**
     * slf4j-simple fixes a logger's level when the logger is made, and the SSH library makes its
     * loggers on first use, after the command line is parsed: a system property set here applies.
     */
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Log the SSH library's detail and print stack traces of unexpected errors, on stderr (also $TCPFLEET_DEBUG).")
    void debug(boolean on) {
        debug |= on;
        if (debug) {
            DEBUG_LOGGERS.forEach(l -> System.setProperty("org.slf4j.simpleLogger.log." + l, "debug"));
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The one command scripts call in loops: answered without building picocli's model,
            // which is most of its start-up cost (docs/performance.md). Same lines as picocli prints.
            System.out.println(String.join(System.lineSeparator(), new VersionProvider().getVersion()));
            System.exit(ExitCode.OK);
        }
        OptionalInt quick = quick(args);
        System.exit(quick.isPresent() ? quick.getAsInt() : run(args));
    }

    /**
     * The other two command lines scripts run in loops, {@code get HOST STATE} and {@code poll
     * --local}, answered by their commands' own code before picocli builds its model (~40-60 ms of
     * their start); empty for every other command line. Their failures are reported as
     * {@link #configure}'s handler reports a command's.
     */
    private static OptionalInt quick(String[] args) {
        OptionalInt fromDaemon = GetCommand.answerFromDaemon(args, System.out);
        if (fromDaemon.isPresent() || args.length == 0 || !args[0].equals("poll")) {
            return fromDaemon;
        }
        Main main = new Main(); // TCPFLEET_DEBUG, as for the full command
        StoreServer.bindToLoopback();
        PrintWriter out = new PrintWriter(System.out);
        PrintWriter err = new PrintWriter(System.err);
        try {
            return PollCommand.pollLocalNow(args, out, err);
        } catch (RuntimeException e) {
            return OptionalInt.of(failure(e, err, main.debug));
        } finally {
            out.flush();
            err.flush();
        }
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
        Main main = cl.getCommand();
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
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failure(ex, c.getErr(), main.debug));
        return cl;
    }

    /** A command's failure: one line on stderr (and the stack trace with --debug); its exit code. */
    private static int failure(Exception ex, PrintWriter err, boolean debug) {
        if (ex instanceof UsageException) {
            err.println("tcpfleet: " + ex.getMessage());
            return ExitCode.USAGE;
        }
        err.println("tcpfleet: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
        if (debug) {
            ex.printStackTrace(err);
        }
        return ExitCode.FAILED;
    }
}
