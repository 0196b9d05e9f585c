package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the store is, as a user's environment says: $HOME, --db, and commands that only read. */
class StoreOptionsTest {

    @TempDir
    Path tmp;

    /** The real command in its own JVM, with HOME set and Java's user.home elsewhere (as under sudo -E or systemd). */
    Cli.Run tcpfleet(Path home, String... args) throws Exception {
        return Cli.inOwnJvm(env -> {
            env.remove("TCPFLEET_HOME");
            env.remove(io.tcpfleet.storage.DbPassword.ENV);
            env.put("HOME", home.toString());
        }, List.of("-Duser.home=" + tmp.resolve("passwd-home")), args);
    }

    static List<Path> tree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void readOnlyCommandsCreateNothingAndSayThereAreNoSamplesYet() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        for (String[] args : List.of(new String[] {"report"}, new String[] {"get", "web1"},
                new String[] {"history", "web1"}, new String[] {"diagnose", "web1"})) {
            Cli.Run r = tcpfleet(home, args);
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("no samples yet"), r.err());
            assertTrue(r.err().contains("run tcpfleet poll or collect"), r.err());
            assertEquals("", r.out());
        }
        assertEquals(List.of(), tree(home), "nothing created under $HOME");
        assertEquals(List.of(), tree(tmp.resolve("passwd-home")), "nor under Java's user.home");
    }

    @Test
    void theDataDirectoryIsUnderHomeNotJavasUserHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Cli.Run poll = tcpfleet(home, "poll", "--local", "--name", "here");
        assertEquals(0, poll.exit(), poll.toString());
        Path dataDir = home.resolve(".local/share/tcpfleet");
        assertTrue(Files.exists(dataDir.resolve("tcpfleet.mv.db")), tree(home).toString());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        assertEquals(List.of(), tree(tmp.resolve("passwd-home")));
        Cli.Run get = tcpfleet(home, "get", "here", "LISTEN");
        assertEquals(0, get.exit(), get.toString());
    }

    @Test
    void aPasswordOnTheCommandLineIsAUsageError() throws Exception {
        Cli.Run r = tcpfleet(tmp, "report", "--db", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--db must not hold the password"), r.err());
        assertFalse(r.err().contains("hunter2"), r.err());
    }
}
