package io.tcpfleet.cli;

import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.collector.poll.PollResult;
import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.transport.LocalProcTransport;
import io.tcpfleet.inventory.Host;
import io.tcpfleet.storage.SampleStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "poll", mixinStandardHelpOptions = true,
        description = {"Poll hosts once, store the sample and print it.",
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

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to poll over SSH.")
    List<String> hosts = List.of();

    @Mixin
    FormatOption format;

    @Mixin
    TallyOptionsMixin tally;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        if (!hosts.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "polling hosts over SSH is not supported yet; use --local for this machine");
        }
        if (!local) {
            throw new ParameterException(spec.commandLine(), "nothing to poll: give --local");
        }
        Host host = Host.local(name != null ? name : LocalHostName.get());
        Instant started = Instant.now();
        List<PollResult> results;
        try (LocalProcTransport transport = new LocalProcTransport()) {
            results = new Poller(transport, tally.options(), Clock.systemUTC()).pollAll(List.of(host));
        }
        if (!noStore) {
            try (SampleStore s = store.open()) {
                s.writeSweep(started, Instant.now(), results);
            }
        }
        ResultPrinter.fleet(format.format, results, System.out);
        return results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
    }
}
