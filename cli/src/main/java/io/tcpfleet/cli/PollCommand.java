package io.tcpfleet.cli;

import io.tcpfleet.cli.output.OutputFormat;
import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.transport.LocalProcTransport;
import io.tcpfleet.collector.transport.PerHostTransport;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.HostName;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TerminalText;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.storage.PendingSweep;
import io.tcpfleet.storage.SampleStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "poll", mixinStandardHelpOptions = true,
        description = {"Poll hosts once over SSH (or this machine with --local), store the sweep and print it.",
                "Runs exactly 'cat /proc/net/tcp /proc/net/tcp6' on each host; host keys are checked strictly.",
                "--local reads this machine's /proc/net/tcp{,6} directly (no SSH)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host was polled", "1:some host failed (the others were stored)",
                "2:usage error"})
final class PollCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--local", description = "Poll this machine through /proc (no SSH).")
    boolean local;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Host name to store the local sample under (default: this machine's hostname).")
    String name;

    @Option(names = "--no-store", description = "Print the result without storing it.")
    boolean noStore;

    @Parameters(paramLabel = "HOST", arity = "0..*",
            description = "Hosts to poll over SSH ([user@]host[:port]), besides or instead of -i inventories.")
    List<String> hosts = List.of();

    @Mixin
    FleetOptions fleet;

    @Mixin
    FormatOption format;

    @Mixin
    TallyOptionsMixin tally;

    @Mixin
    StoreOptions store;

    @Mixin
    Streams streams;

    @Override
    public Integer call() {
        if (local && fleet.hasInventory(hosts)) {
            throw new ParameterException(spec.commandLine(), "--local polls this machine only: drop the hosts/-i, or --local");
        }
        if (!local && !fleet.hasInventory(hosts)) {
            throw new ParameterException(spec.commandLine(), "nothing to poll: give hosts, -i INVENTORY, or --local");
        }
        PrintWriter err = streams.err();
        List<Host> targets;
        Transport transport;
        int concurrency = 1;
        if (local) {
            String localName = name != null ? name : LocalHostName.get();
            String bad = HostName.problem(localName);
            if (bad != null) {
                throw new ParameterException(spec.commandLine(), "--name: " + TerminalText.escape(bad));
            }
            targets = List.of(Host.local(localName));
            transport = new LocalProcTransport();
        } else {
            targets = fleet.hosts(hosts, err);
            // ansible_connection=local hosts are this machine: read through /proc, never SSH
            transport = new PerHostTransport(new LocalProcTransport(),
                    new SshTransport(fleet.settings(), SshTransport.ConnectionMode.FRESH));
            concurrency = Math.min(fleet.concurrency, targets.size());
        }
        return sweep(targets, transport, concurrency, tally.options(), noStore ? null : store::openForWriting, !local,
                format.format, streams.out(), err, streams.progress());
    }

    /**
     * {@code poll --local} exactly (or with {@code -q}), as scripts and the README run it: polled, stored and printed
     * before picocli builds its model (~60 ms of the command's start), by {@link #sweep} with every
     * option at its default, as the full command does. Empty for any other command line, and when
     * this machine's name is one the full command refuses (it words the error).
     */
    static OptionalInt pollLocalNow(String[] args, PrintWriter out, PrintWriter err) {
        boolean quiet = args.length == 3 && (args[2].equals("-q") || args[2].equals("--quiet"));
        if (args.length != 2 && !quiet || !args[0].equals("poll") || !args[1].equals("--local")) {
            return OptionalInt.empty();
        }
        String localName = LocalHostName.get();
        if (HostName.problem(localName) != null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sweep(List.of(Host.local(localName)), new LocalProcTransport(), 1, TallyOptionsMixin.defaults(),
                new StoreOptions()::openForWriting, false, FormatOption.DEFAULT, out, err,
                new Progress(err, !quiet && System.console() != null)));
    }

    /**
     * Polls the targets, stores the sweep through {@code store} (null: not stored), prints it in
     * {@code format}; returns the exit code.
     */
    private static int sweep(List<Host> targets, Transport transport, int concurrency, TallyOptions tally,
                             Supplier<SampleStore> store, boolean openFirst, OutputFormat format, PrintWriter out,
                             PrintWriter err, Progress progress) {
        // The store opens on its own thread at once; before an SSH sweep it must be open (a locked
        // database fails fast, not after a long sweep), a local poll is as short as the open.
        try (SweepStorer storer = store == null ? null : SweepStorer.start(store)) {
            if (storer != null && openFirst) {
                storer.awaitOpen();
            }
            Instant started = Instant.now();
            List<PollResult> results;
            try (transport; Poller poller = new Poller(transport, tally, Clock.systemUTC(), concurrency)) {
                results = poller.pollAll(targets, progress);
            }
            if (storer != null) {
                storer.write(PendingSweep.of(started, Instant.now(), results));
            }
            StringWriter output = new StringWriter(); // rendered while the sweep is stored, printed once it is
            ResultPrinter.fleet(format, results, Freshness.never(Clock.systemUTC()), new PrintWriter(output));
            if (storer != null) {
                storer.awaitWritten();
            }
            results.stream().filter(r -> !r.ok())
                    .forEach(r -> Streams.error(err, r.host().name() + ": " + r.status() + ": " + r.error()));
            out.print(output);
            out.flush();
            return results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
