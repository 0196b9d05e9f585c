package io.tcpfleet.cli;

import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.SocketTally;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    enum Order { LITTLE, BIG }

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Dump files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--byte-order", paramLabel = "ORDER", defaultValue = "little",
            description = "Address byte order of the host that printed the dump: little (x86, arm64) "
                    + "or big (s390x) (default: ${DEFAULT-VALUE}).")
    String byteOrder;

    @Mixin
    FormatOption format;

    @Mixin
    TallyOptionsMixin tally;

    @Override
    public Integer call() {
        ByteOrder order = switch (byteOrder.toLowerCase(java.util.Locale.ROOT)) {
            case "little", "le" -> ByteOrder.LITTLE_ENDIAN;
            case "big", "be" -> ByteOrder.BIG_ENDIAN;
            default -> throw new UsageException("--byte-order must be little or big, not " + byteOrder);
        };
        TallyOptions options = tally.options().withByteOrder(order);
        ProcNetTcpParser parser = new ProcNetTcpParser(options);
        List<PollResult> results = new ArrayList<>();
        for (String file : files) {
            boolean stdin = file.equals("-");
            Host host = new Host(stdin ? "stdin" : file, stdin ? "-" : file, 22, null, order);
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file))) {
                SocketTally t = parser.parse(in, options);
                results.add(PollResult.ok(host, start, Duration.ofNanos(System.nanoTime() - t0), t, null));
            } catch (ProcNetTcpParseException e) {
                results.add(PollResult.failed(host, start, Duration.ofNanos(System.nanoTime() - t0),
                        PollStatus.PARSE_FAILED, e.getMessage(), 0));
            } catch (IOException e) {
                results.add(PollResult.failed(host, start, Duration.ofNanos(System.nanoTime() - t0),
                        PollStatus.COMMAND_FAILED, "cannot read " + file + ": " + e, 0));
            }
        }
        ResultPrinter.fleet(format.format, results, System.out);
        return results.stream().allMatch(PollResult::ok) ? ExitCode.OK : ExitCode.FAILED;
    }
}
