package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running daemon (a child JVM) serves its open database to readers in other processes. */
class StoreServerTest {

    @TempDir
    Path dir;

    @Test
    void readersInOtherProcessesReachTheDaemonsDatabase() throws Exception {
        SampleStore lingering;
        String secret;
        try (ChildJvm daemon = new ChildJvm("serve", dir.toString())) {
            daemon.awaitLine("serving");

            // The file itself is locked by the daemon...
            assertThrows(DatabaseInUseException.class, () -> SampleStore.openDefault(dir));
            // ...so readers go through the server, found in an owner-only file.
            DaemonInfo info = DaemonInfo.read(dir).orElseThrow();
            assertEquals(daemon.process.pid(), info.pid());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DaemonInfo.file(dir))));
            assertFalse(info.toString().contains(info.jdbcUrl().substring(info.jdbcUrl().lastIndexOf('/') + 1)));

            for (int i = 0; i < 2; i++) { // closing a reader must not shut the daemon's database down
                try (SampleStore reader = SampleStore.openServed(info)) {
                    List<StoredSample> latest = reader.latest();
                    assertEquals(1, latest.size());
                    assertEquals("web1", latest.get(0).result().host().name());
                }
            }

            // Only the secret name opens anything.
            String wrong = info.jdbcUrl().substring(0, info.jdbcUrl().lastIndexOf('/') + 1) + "tcpfleet";
            assertThrows(StoreException.class, () -> SampleStore.openServed(new DaemonInfo(wrong, info.pid(), info.startedAt())));

            // And the server listens on loopback only.
            int port = Integer.parseInt(info.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            String suffix = String.format(Locale.ROOT, ":%04X", port);
            // (Java may use a dual-stack socket: then it is listed in tcp6 as ::ffff:127.0.0.1.)
            List<String> listeners = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Files.readAllLines(Path.of(table)).stream()
                        .map(String::trim).map(l -> l.split("\\s+"))
                        .filter(f -> f.length > 3 && f[1].endsWith(suffix) && f[3].equals("0A"))
                        .forEach(f -> listeners.add(f[1]));
            }
            assertEquals(1, listeners.size(), listeners.toString());
            assertTrue(listeners.get(0).equals("0100007F" + suffix)
                    || listeners.get(0).equals("0000000000000000FFFF00000100007F" + suffix), listeners.toString());
            lingering = SampleStore.openServed(info);
            secret = info.jdbcUrl().substring(info.jdbcUrl().lastIndexOf('/') + 1);
        }
        // A reader whose daemon stopped is told so, without the secret that opened the database.
        StoreException gone = assertThrows(StoreException.class, lingering::latest);
        for (Throwable t = gone; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
        }
        assertTrue(gone.getMessage().contains("tcpfleet-***"), gone.getMessage());
        lingering.close();
        // A daemon that is gone leaves nothing readers would trust.
        assertTrue(DaemonInfo.read(dir).isEmpty());
        try (SampleStore again = SampleStore.openDefault(dir)) {
            assertEquals(1, again.latest().size());
        }
    }

    /** Each idle socket to H2's port used to cost the daemon a thread (3,000 sockets: 3,000 threads). */
    @Test
    void idleConnectionsCannotMultiplyTheDaemonsThreads() throws Exception {
        try (ChildJvm daemon = new ChildJvm("serve", dir.toString())) {
            daemon.awaitLine("serving");
            DaemonInfo info = DaemonInfo.read(dir).orElseThrow();
            int port = Integer.parseInt(info.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            long pid = daemon.process.pid();
            int before = threads(pid);
            List<java.net.Socket> idle = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    idle.add(new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port));
                }
                int during = before;
                for (int i = 0; i < 20; i++) { // let the server accept them all
                    Thread.sleep(100);
                    during = Math.max(during, threads(pid));
                }
                assertTrue(during <= before + CappedTcpServer.MAX_CONNECTIONS + 4,
                        "threads " + before + " -> " + during + " with 300 idle sockets");
            } finally {
                for (java.net.Socket s : idle) {
                    s.close();
                }
            }
            // Once the idle ones are gone, readers get in again.
            long until = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (SampleStore reader = SampleStore.openServed(info)) {
                    assertEquals(1, reader.latest().size());
                    break;
                } catch (StoreException e) {
                    if (System.nanoTime() > until) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    static int threads(long pid) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Threads:"))
                .map(l -> Integer.parseInt(l.substring(8).trim())).findFirst().orElseThrow();
    }
}
