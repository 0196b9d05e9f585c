package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.testkit.KernelRows;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: help, version, exit codes, stdout for values, stderr for the rest. */
class CliContractTest {

    static final String DUMP = KernelRows.sshServer(0);

    @TempDir
    Path dir;

    @Test
    void versionAndHelpOfEveryCommand() {
        Cli.Run version = Cli.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("tcpfleet "), version.out());
        for (String cmd : List.of("poll", "tally", "report", "history", "get", "generate-completion")) {
            Cli.Run help = Cli.run(cmd, "--help");
            assertEquals(0, help.exit(), cmd);
            assertTrue(help.out().contains("Usage: tcpfleet " + cmd), help.toString());
            assertEquals("", help.err(), cmd);
        }
    }

    @Test
    void usageErrorsExitTwoWithAMessageOnStderr() {
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {});
        bad.add(new String[] {"frobnicate"});
        bad.add(new String[] {"poll"});
        bad.add(new String[] {"poll", "--local", "web1.example.com"});
        bad.add(new String[] {"poll", "-i", "/nonexistent/inventory", "--db", "jdbc:h2:mem:x"});
        bad.add(new String[] {"poll", "web1", "--concurrency", "0", "--db", "jdbc:h2:mem:x"});
        bad.add(new String[] {"poll", "web1", "--max-output", "lots", "--db", "jdbc:h2:mem:x"});
        bad.add(new String[] {"collect", "--db", "jdbc:h2:mem:x"});
        bad.add(new String[] {"report", "--sort", "NOT_A_STATE"});
        bad.add(new String[] {"history", "h", "--since", "yesterday"});
        bad.add(new String[] {"tally", "--format", "xml", "-"});
        bad.add(new String[] {"get", "h", "SLEEPING", "--db", "jdbc:h2:mem:x"});
        for (String[] args : bad) {
            Cli.Run run = Cli.run(args);
            assertEquals(2, run.exit(), String.join(" ", args) + "\n" + run);
            assertEquals("", run.out(), String.join(" ", args));
            assertTrue(run.err().startsWith("tcpfleet: "), run.err());
        }
        assertTrue(Cli.run("poll", "-i", "/nonexistent/inventory").err().contains("/nonexistent/inventory: cannot read"));
    }

    @Test
    void tallyFromStdinPrintsTheJsonContract() {
        Cli.Run run = Cli.runWithInput(new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.US_ASCII)),
                "tally", "--format", "json", "-");
        assertEquals(0, run.exit(), run.toString());
        JsonNode host = run.json().get(0);
        assertEquals("stdin", host.get("host").asText());
        assertEquals("OK", host.get("status").asText());
        List<String> keys = new ArrayList<>();
        host.get("states").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "UNKNOWN", "TOTAL"), keys);
        assertEquals(1, host.get("states").get("TIME_WAIT").asInt());
        assertEquals(3, host.get("states").get("TOTAL").asInt());
        assertEquals(22, host.get("ports").get(0).get("port").asInt());
        assertEquals("127.0.0.1", host.get("peers").get(0).get("endpoint").asText(), "the inbound client");
        assertEquals("in", host.get("peers").get(0).get("direction").asText());
        assertEquals("127.0.0.1:22", host.get("peers").get(1).get("endpoint").asText(), "the outbound side");
        assertEquals("out", host.get("peers").get(1).get("direction").asText());
    }

    @Test
    void tallyReportsEachBadInputAndStillPrintsTheGoodOnes() throws Exception {
        Path good = Files.writeString(dir.resolve("good.dump"), DUMP);
        Path garbage = Files.writeString(dir.resolve("garbage.dump"), "Linux? no, this is FreeBSD\n");
        Path missing = dir.resolve("missing.dump");
        Cli.Run run = Cli.run("tally", "--format", "csv", good.toString(), garbage.toString(), missing.toString());
        assertEquals(1, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.toString());
        assertTrue(lines.get(0).startsWith("host,address,status,polled_at,age_seconds,stale,duration_ms,ESTABLISHED,"), lines.get(0));
        assertTrue(lines.get(1).contains(",OK,"), lines.get(1));
        assertTrue(lines.get(2).contains(",PARSE_FAILED,"), lines.get(2));
        assertTrue(lines.get(2).contains("first bad line 1"), lines.get(2));
        assertTrue(lines.get(3).contains(",COMMAND_FAILED,"), lines.get(3));
    }

    @Test
    void tallyOfAHeaderOverOnlyMalformedRowsIsParseFailedNotZero() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.dump"), KernelRows.V4_HEADER + "   0: 0100007F:0016 cut\n");
        Cli.Run run = Cli.run("tally", "--format", "json", bad.toString());
        assertEquals(1, run.exit(), run.toString());
        JsonNode host = run.json().get(0);
        assertEquals("PARSE_FAILED", host.get("status").asText());
        assertTrue(host.get("states").isNull(), run.out());
        assertTrue(host.get("error").asText().contains("first bad line 2"), run.out());
    }

    @Test
    void tableOfOneHostShowsItsPortsAndPeers() throws Exception {
        Path good = Files.writeString(dir.resolve("web1.dump"), DUMP);
        Cli.Run run = Cli.run("tally", good.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Listening ports of"), run.out());
        assertTrue(run.out().contains("127.0.0.1:22"), run.out());
    }

    @Test
    void bashCompletionIsGenerated() {
        Cli.Run run = Cli.run("generate-completion");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("complete -F"), run.out().substring(0, 200));
    }

    @Test
    void getOfAnUnknownHostFailsWithExitOne() {
        String db = "jdbc:h2:file:" + dir.resolve("empty");
        io.tcpfleet.storage.SampleStore.open(db).close();
        Cli.Run run = Cli.run("get", "nosuchhost", "--db", db);
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().contains("unknown host 'nosuchhost'"), run.err());
    }
}
