package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.storage.SampleStore;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that fail or end give back everything they opened: threads, database files, shutdown hooks. */
class ResourceLeakTest {

    @TempDir
    Path dir;

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    @Test
    void collectThatCannotStartClosesTheStoreAndThePoller() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        long before = threads("tcpfleet-poll-") + threads("tcpfleet-ssh-watchdog");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the API port is taken: found only after the store and poller were opened
            Cli.Run run = Cli.run("collect", "127.0.0.1:1", "--db", db, "--sweeps", "1",
                    "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(2, run.exit(), run.toString());
            assertTrue(run.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.toString());
        }
        // a usage error found late (it used to be checked after the store and poller were open)
        Cli.Run late = Cli.run("collect", "127.0.0.1:1", "--db", db, "--sweeps", "1", "--stale-after", "0", "--listen", "none");
        assertEquals(2, late.exit(), late.toString());
        Thread.sleep(200); // pool threads end asynchronously after shutdown()
        assertEquals(before, threads("tcpfleet-poll-") + threads("tcpfleet-ssh-watchdog"), "no poller or watchdog thread left");
        try (SampleStore again = SampleStore.open(db)) {
            assertEquals(0, again.latest().size(), "the database file was closed: it opens again");
        }
    }

    @Test
    void everyStoreOpenedByACommandTakesItsShutdownHookWithIt() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        int before = shutdownHooks();
        for (int i = 0; i < 20; i++) {
            Cli.run("report", "--db", db);
            Cli.run("get", "nosuch", "--db", db);
        }
        assertEquals(before, shutdownHooks(), "40 commands left no shutdown hook behind");
    }

    @SuppressWarnings("unchecked")
    private static int shutdownHooks() throws Exception {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field f = hooks.getDeclaredField("hooks");
        f.setAccessible(true); // surefire opens java.lang for this (see cli/pom.xml)
        synchronized (hooks) {
            return ((Map<Thread, Thread>) f.get(null)).size();
        }
    }
}
