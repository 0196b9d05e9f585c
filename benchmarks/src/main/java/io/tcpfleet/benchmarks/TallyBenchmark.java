package io.tcpfleet.benchmarks;

import io.tcpfleet.collector.parse.ProcNetTcpParser;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.SocketTally;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses a dump held in memory, one whole dump per operation, on one thread. MB/s = dump size /
 * time per op. The dump is {@code -Dtcpfleet.dump=FILE} (made by {@link DumpGenerator}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class TallyBenchmark {

    @Param({"states", "full"})
    public String mode;

    private byte[] dump;
    private ProcNetTcpParser parser;

    @Setup(Level.Trial)
    public void load() throws IOException {
        dump = Files.readAllBytes(Path.of(System.getProperty("tcpfleet.dump", "benchmarks/data/1m.dump")));
        parser = new ProcNetTcpParser(mode.equals("states") ? TallyOptions.statesOnly() : TallyOptions.full());
    }

    @Benchmark
    public SocketTally tally() throws IOException {
        return parser.parse(new ByteArrayInputStream(dump));
    }
}
