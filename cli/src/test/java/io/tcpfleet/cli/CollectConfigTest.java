package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code collect --config FILE}: every option of collect from a file, the command line winning. */
class CollectConfigTest {

    @TempDir
    Path dir;

    private Path conf(String text) throws Exception {
        Path f = dir.resolve("collect.conf");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    /** Parses like the real command line does, without running the daemon. */
    private static CollectCommand parse(String... args) {
        CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        return (CollectCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void fileGivesEveryKindOfOptionAndTheCommandLineWins() throws Exception {
        Path f = conf("""
                # the service's settings
                interval = 2m
                retention = 7d
                inventory = /etc/tcpfleet/web.ini

                inventory = /etc/tcpfleet/db.yml
                known-hosts = /var/lib/tcpfleet/.ssh/known_hosts
                accept-new = true
                zabbix-host-by = address
                stale-after=5
                listen = none
                log-format = json
                """);
        CollectCommand c = parse("collect", "--config", f.toString(), "--retention", "1d");
        assertEquals(Duration.ofMinutes(2), c.interval);
        assertEquals(Duration.ofDays(1), c.retention, "the command line wins");
        assertEquals(List.of(Path.of("/etc/tcpfleet/web.ini"), Path.of("/etc/tcpfleet/db.yml")), c.fleet.selection.inventories);
        assertEquals(Path.of("/var/lib/tcpfleet/.ssh/known_hosts"), c.fleet.knownHosts);
        assertTrue(c.fleet.acceptNew);
        assertEquals(CollectCommand.ZabbixHostBy.ADDRESS, c.zabbixHostBy);
        assertEquals(5, c.staleAfter);
        assertEquals(null, c.listen);
        assertEquals(LogFormatOption.LogFormat.JSON, c.logFormat.format);
        assertEquals(Duration.ofSeconds(30), c.fleet.deadline, "what the file leaves out keeps its default");

        CollectCommand cli = parse("collect", "--config", f.toString(), "-i", "/tmp/other.ini", "--listen", "127.0.0.1:9999");
        assertEquals(List.of(Path.of("/tmp/other.ini")), cli.fleet.selection.inventories, "a repeatable option on the command line replaces the file's");
        assertEquals(9999, cli.listen.getPort());
    }

    @Test
    void everyProblemNamesFileAndLineAndNothingRuns() throws Exception {
        Path f = conf("""
                interval = 10 minutes
                passsword = hunter2
                retention = 30d
                retention = 60d
                just some words
                --timeout = 5s
                """);
        Cli.Run r = Cli.run("collect", "--config", f.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains(f + ":1: Invalid value for option '--interval'"), r.err());
        assertTrue(r.err().contains(f + ":2: unknown key 'passsword'"), r.err());
        assertTrue(r.err().contains(f + ":4: 'retention' given twice (first on line 3)"), r.err());
        assertTrue(r.err().contains(f + ":5: expected key = value"), r.err());
        assertTrue(r.err().contains(f + ":6: unknown key '--timeout'"), r.err());
        assertFalse(r.err().contains("hunter2"), "a value is never echoed for an unknown key: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void aFileOthersCanWriteIsNotTrusted() throws Exception {
        Path f = conf("interval = 1m\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        Cli.Run r = Cli.run("collect", "--config", f.toString(), "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains(f + ": is writable by others than its owner"), r.err());

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Cli.Run d = Cli.run("collect", "--config", f.toString(), "127.0.0.1:1");
            assertEquals(ExitCode.USAGE, d.exit(), d.toString());
            assertTrue(d.err().contains("its directory " + dir.toRealPath() + " is writable by others"), d.err());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Cli.Run missing = Cli.run("collect", "--config", dir.resolve("nope.conf").toString(), "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("nope.conf: cannot read"), missing.err());
    }

    @Test
    void readingAgainGivesTheNewSettingsOrTheProblems() throws Exception {
        Path f = conf("interval = 1m\n");
        CommandLine collect = Main.commandLine().getSubcommands().get("collect");
        ConfigFile.Parsed first = ConfigFile.read(f, collect.getCommandSpec());
        assertTrue(first.ok(), first.problems().toString());
        assertEquals("1m", first.values().get("interval").get(0).text());

        Files.writeString(f, "interval = 5m\nretention = never\n");
        ConfigFile.Parsed broken = ConfigFile.read(f, collect.getCommandSpec());
        assertFalse(broken.ok());
        assertEquals(2, broken.problems().get(0).line(), broken.problems().toString());
        assertEquals("1m", first.values().get("interval").get(0).text(), "a broken file leaves what was read before intact");
    }
}
