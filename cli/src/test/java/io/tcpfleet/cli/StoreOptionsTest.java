package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the store is, as a user's environment says: $HOME, --db, and commands that only read. */
class StoreOptionsTest {

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    /** The real command in its own JVM, with HOME set and Java's user.home elsewhere (as under sudo -E or systemd). */
    Result tcpfleet(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + tmp.resolve("passwd-home"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("TCPFLEET_HOME");
        pb.environment().remove(io.tcpfleet.storage.DbPassword.ENV);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out), new String(err));
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
            Result r = tcpfleet(home, args);
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
        Result poll = tcpfleet(home, "poll", "--local", "--name", "here");
        assertEquals(0, poll.exit(), poll.toString());
        Path dataDir = home.resolve(".local/share/tcpfleet");
        assertTrue(Files.exists(dataDir.resolve("tcpfleet.mv.db")), tree(home).toString());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        assertEquals(List.of(), tree(tmp.resolve("passwd-home")));
        Result get = tcpfleet(home, "get", "here", "LISTEN");
        assertEquals(0, get.exit(), get.toString());
    }

    @Test
    void aPasswordOnTheCommandLineIsAUsageError() throws Exception {
        Result r = tcpfleet(tmp, "report", "--db", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--db must not hold the password"), r.err());
        assertFalse(r.err().contains("hunter2"), r.err());
    }
}
