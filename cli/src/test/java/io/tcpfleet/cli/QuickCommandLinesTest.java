package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code poll --local} is answered before picocli builds its model, by the command's own sweep
 * with every option at its default (a third of its start time). That is only right while the
 * defaults are picocli's and the answer is the full command's: both checked here, the command
 * lines in their own JVMs as from a shell. ({@code get HOST STATE}: GetFromDaemonTest.)
 */
class QuickCommandLinesTest {

    @TempDir
    Path dir;

    static Cli.Run tcpfleet(Path home, String... args) throws Exception {
        return Cli.inOwnJvm(env -> {
            env.put("TCPFLEET_HOME", home.toString());
            env.remove("TCPFLEET_DEBUG");
        }, List.of(), args);
    }

    @Test
    void theQuickPollUsesPicocliDefaults() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("poll", "--local");
        PollCommand poll = cl.getSubcommands().get("poll").getCommand();
        assertEquals(FormatOption.DEFAULT, poll.format.format);
        assertEquals(TallyOptionsMixin.defaults(), poll.tally.options());
        assertTrue(poll.store.isDefault());
        assertFalse(poll.noStore);
        assertNull(poll.name);
        assertTrue(poll.hosts.isEmpty());
    }

    @Test
    void pollLocalStoresAndPrintsAsTheFullCommandDoes() throws Exception {
        Path home = dir.resolve("home");
        Cli.Run quick = tcpfleet(home, "poll", "--local");
        Cli.Run quiet = tcpfleet(home, "poll", "--local", "-q");
        Cli.Run full = tcpfleet(home, "poll", "--local", "--format", "table"); // not a quick command line
        assertEquals(0, quick.exit(), quick.err());
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals(0, full.exit(), full.err());
        assertEquals(quick.out().lines().findFirst(), quiet.out().lines().findFirst());
        assertEquals("", quick.err());
        assertEquals(full.err(), quick.err());
        String header = full.out().lines().findFirst().orElseThrow();
        assertEquals(header, quick.out().lines().findFirst().orElseThrow());
        assertEquals(full.out().lines().filter(l -> l.endsWith(":")).toList(), quick.out().lines().filter(l -> l.endsWith(":")).toList(),
                "the same sections (listening ports, top peers)");
        Cli.Run history = tcpfleet(home, "history", LocalHostName.get(), "--since", "1h", "--format", "csv");
        assertEquals(0, history.exit(), history.err());
        assertEquals(4, history.out().lines().count(), "a header and the three samples stored:\n" + history.out());
    }

    @Test
    void aFailureOfTheQuickPollIsReportedAsTheFullCommandReportsIt() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "not a directory");
        Cli.Run quick = tcpfleet(notADirectory, "poll", "--local");
        Cli.Run full = tcpfleet(notADirectory, "poll", "--local", "--format", "table");
        assertEquals(1, full.exit(), full.toString());
        assertTrue(full.err().startsWith("tcpfleet: ") && full.err().lines().count() == 1, full.err());
        assertEquals(full, quick);
    }
}
