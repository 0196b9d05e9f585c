package io.tcpfleet.cli;

import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.transport.DumpFileTransport;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tally", mixinStandardHelpOptions = true,
        description = {"Tally saved socket tables offline, e.g.",
                "  ssh web1 cat /proc/net/tcp /proc/net/tcp6 | tcpfleet tally -",
                "Nothing is stored."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input parsed", "1:some input had no parseable row or could not be read",
                "2:usage error"})
final class TallyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Dump files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--byte-order", paramLabel = "ORDER", defaultValue = "little", converter = ByteOrderOption.class,
            completionCandidates = ByteOrderOption.class,
            description = "Address byte order of the host that printed the dump: little (x86, arm64) "
                    + "or big (s390x) (default: ${DEFAULT-VALUE}).")
    ByteOrder byteOrder;

    @Mixin
    FormatOption format;

    @Mixin
    TallyOptionsMixin tally;

    @Mixin
    Streams streams;

    @Override
    public Integer call() {
        List<Host> dumps = files.stream()
                .map(f -> new Host(f.equals(DumpFileTransport.STDIN) ? "stdin" : f, f, 22, null, byteOrder)).toList();
        List<PollResult> results;
        try (Poller poller = new Poller(new DumpFileTransport(System.in), tally.options(), Clock.systemUTC())) {
            results = poller.pollAll(dumps);
        }
        results.stream().filter(r -> !r.ok())
                .forEach(r -> streams.error(r.host().name() + ": " + r.status() + ": " + r.error()));
        ResultPrinter.fleet(format.format, results, Freshness.never(Clock.systemUTC()), streams.out());
        return results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
    }
}
