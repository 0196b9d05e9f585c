package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.tcpfleet.cli.output.OutputFormat;
import io.tcpfleet.cli.output.ResultPrinter;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.serve.DaemonHealth;
import io.tcpfleet.serve.LatestSamples;
import io.tcpfleet.serve.MetricsConfig;
import io.tcpfleet.serve.Served;
import io.tcpfleet.serve.StatusApi;
import io.tcpfleet.serve.TrapperPush;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.Tallies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each public contract is defined once; these tests tie every use to that one definition: the
 * sample JSON, CSV, state and status names, the Zabbix files and the exit codes.
 */
class PublicContractTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pollApiAndTrapperSendTheSameSampleDocument() throws Exception {
        Instant polled = Instant.parse("2026-11-27T10:00:00Z");
        Clock clock = Clock.fixed(polled.plusSeconds(42), ZoneOffset.UTC);
        PollResult r = Tallies.host().add(TIME_WAIT, 7).port(8080, 2, TcpState.ESTABLISHED, 5)
                .outbound("10.0.3.7", 5432, TIME_WAIT, 7).result("web1", polled);

        StringWriter printed = new StringWriter();
        ResultPrinter.fleet(OutputFormat.JSON, List.of(r), Freshness.never(clock), new PrintWriter(printed));
        JsonNode poll = JSON.readTree(printed.toString()).get(0);

        LatestSamples latest = new LatestSamples(List.of(r.host()));
        latest.update(List.of(r));
        JsonNode api;
        Served served = new Served(latest, new Freshness(Duration.ofMinutes(3), clock),
                new DaemonHealth(Duration.ofMinutes(1), clock), MetricsConfig.basic());
        try (StatusApi server = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), served)) {
            HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1/hosts/web1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, got.statusCode(), got.body());
            api = JSON.readTree(got.body());
        }

        JsonNode trapper = JSON.readTree(new TrapperPush(null, false, clock, null).values(List.of(r)).get(0).value());

        assertEquals(poll, api, "poll --format json and the HTTP API");
        assertEquals(poll, trapper, "poll --format json and the trapper push");
        assertEquals(42, poll.get("age_seconds").asInt());
        assertEquals(5432, poll.get("peers").get(0).get("port").asInt(), "peers are part of every output");
    }

    @Test
    void csvQuotesEveryFieldThatNeedsItPerRfc4180() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant now = Instant.now();
        List<String> names = List.of("plain", "with,comma", "with \"quotes\"", "two\nlines");
        try (SampleStore s = SampleStore.open(db)) {
            List<PollResult> sweep = new ArrayList<>();
            for (String n : names) {
                sweep.add(Tallies.host().add(TIME_WAIT, 3).outbound("10.0.3.7", 5432, TIME_WAIT, 3).result(n, now));
            }
            s.writeSweep(now, now, sweep);
        }
        Cli.Run fleet = Cli.run("report", "--db", db, "-f", "csv");
        assertEquals(0, fleet.exit(), fleet.toString());
        List<List<String>> rows = csv(fleet.out());
        assertEquals("host", rows.get(0).get(0));
        assertEquals(names.stream().sorted().toList(), rows.subList(1, rows.size()).stream().map(row -> row.get(0)).toList(),
                "every name comes back whole from a CSV reader: " + fleet.out());
        int width = rows.get(0).size();
        rows.forEach(row -> assertEquals(width, row.size(), "same number of fields on every row: " + row));

        Cli.Run byPeer = Cli.run("report", "--db", db, "--by", "peer", "--sort", "time-wait", "-f", "csv");
        List<List<String>> peers = csv(byPeer.out());
        assertEquals(List.of("peer", "direction", "hosts", "state", "count", "TOTAL", "top_host", "top_host_count"), peers.get(0));
        assertEquals(List.of("10.0.3.7:5432", "out", "4", "TIME_WAIT", "12"), peers.get(1).subList(0, 5));
        assertTrue(names.contains(peers.get(1).get(6)), "top_host is a whole name: " + peers.get(1));
    }

    private static List<List<String>> csv(String text) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> out = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(text)) {
            it.forEachRemaining(row -> out.add(Arrays.asList(row)));
        }
        return out;
    }

    @Test
    void theZabbixFilesUseTheStateAndStatusNamesOfTheModel() throws Exception {
        List<String> states = Arrays.stream(TcpState.values()).map(Enum::name).toList();
        String script = Files.readString(REPO.resolve("zabbix/tcpfleet.sh"));
        Matcher m = Pattern.compile("(?m)^STATES=\"([^\"]*)\"").matcher(script);
        assertTrue(m.find(), "tcpfleet.sh lists the states in STATES=\"...\"");
        assertEquals(states, List.of(m.group(1).split(" ")), "zabbix/tcpfleet.sh");

        String generator = Files.readString(REPO.resolve("zabbix/make-template.py"));
        assertEquals(states, pythonList(generator, "STATES"), "zabbix/make-template.py STATES");
        List<String> statuses = new ArrayList<>(Arrays.stream(PollStatus.values()).map(Enum::name).toList());
        statuses.add("STALE");
        List<String> mapped = new ArrayList<>();
        Matcher keys = Pattern.compile("(?m)^    \"([A-Z_]+)\": ").matcher(generator.substring(generator.indexOf("FAILURES = {")));
        while (keys.find()) {
            mapped.add(keys.group(1));
        }
        assertEquals(statuses.stream().sorted().toList(), mapped.stream().sorted().toList(),
                "the status value map of the templates has every PollStatus and STALE");
    }

    private static List<String> pythonList(String source, String name) {
        Matcher m = Pattern.compile("(?s)\\n" + name + " = \\[(.*?)\\]").matcher(source);
        assertTrue(m.find(), name + " in the generator");
        List<String> out = new ArrayList<>();
        Matcher item = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
        while (item.find()) {
            out.add(item.group(1));
        }
        return out;
    }

    @Test
    void theCommittedTemplateIsWhatTheGeneratorWrites() throws Exception {
        Path copy = Files.copy(REPO.resolve("zabbix/make-template.py"), dir.resolve("make-template.py"));
        Process p = new ProcessBuilder("python3", copy.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "generator finished");
        assertEquals(0, p.exitValue(), log);
        assertEquals(Files.readString(REPO.resolve("zabbix/tcpfleet_templates.yaml")),
                Files.readString(dir.resolve("tcpfleet_templates.yaml")),
                "zabbix/tcpfleet_templates.yaml is stale: run python3 zabbix/make-template.py");
    }

    @Test
    void exitCodesAreOneListDocumentedInTheReadme() throws Exception {
        assertEquals(List.of(0, 1, 2, 3), List.of(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.FOUND));
        String readme = Files.readString(REPO.resolve("README.md"));
        for (String doc : new String[] {"`0` ok", "`1` some host", "`2` usage error", "`3` from `diagnose`"}) {
            assertTrue(readme.contains(doc), "README documents exit code " + doc);
        }
        Cli.Run help = Cli.run("--help");
        for (int code : List.of(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.FOUND)) {
            assertTrue(help.out().contains("  " + code + "   "), "tcpfleet --help lists exit code " + code + ":\n" + help.out());
        }
    }
}
