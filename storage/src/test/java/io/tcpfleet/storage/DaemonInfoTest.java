package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect.properties tells readers where the daemon's database is: only the daemon's own file is believed. */
class DaemonInfoTest {

    static final String SECRET = "tcpfleet-" + "0123456789abcdef".repeat(3);

    @TempDir
    Path dir;

    Path plant(String url, String mode) throws Exception {
        Path f = DaemonInfo.file(dir);
        Files.writeString(f, "jdbc_url=" + url.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=") + "\n"
                + "pid=" + ProcessHandle.current().pid() + "\nstarted_at=" + Instant.now() + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    /** A planted file used to run any SQL script (and through it Java code) as whoever ran `report`. */
    @Test
    void aPlantedUrlIsRefusedAndRunsNothing() throws Exception {
        Path evidence = dir.resolve("pwned.sql");
        Path script = Files.writeString(dir.resolve("evil.sql"), "SCRIPT TO '" + evidence + "';\n");
        plant("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '" + script + "'", "rw-------");
        StoreException e = assertThrows(StoreException.class, () -> DaemonInfo.read(dir).map(SampleStore::openServed));
        assertTrue(e.getMessage().contains("is not the loopback server"), e.getMessage());
        assertFalse(Files.exists(evidence), "the planted script ran");
        plant("jdbc:h2:tcp://127.0.0.1:9092/" + SECRET + ";INIT=RUNSCRIPT FROM '" + script + "'", "rw-------");
        assertThrows(StoreException.class, () -> DaemonInfo.read(dir));
        plant("jdbc:h2:tcp://10.0.0.1:9092/" + SECRET, "rw-------");
        assertThrows(StoreException.class, () -> DaemonInfo.read(dir));
    }

    @Test
    void aFileGroupOrOthersCanWriteIsRefused() throws Exception {
        for (String mode : new String[] {"rw--w----", "rw-rw-rw-", "rw-----w-"}) {
            plant("jdbc:h2:tcp://127.0.0.1:9092/" + SECRET, mode);
            StoreException e = assertThrows(StoreException.class, () -> DaemonInfo.read(dir), mode);
            assertTrue(e.getMessage().contains("writable by group or others"), e.getMessage());
        }
        plant("jdbc:h2:tcp://127.0.0.1:9092/" + SECRET, "rw-r--r--");
        assertEquals("jdbc:h2:tcp://127.0.0.1:9092/" + SECRET, DaemonInfo.read(dir).orElseThrow().jdbcUrl(),
                "readable is fine: writable is what lets someone else plant a URL");
    }

    @Test
    void aFileOwnedBySomeoneElseIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file away");
        Path f = plant("jdbc:h2:tcp://127.0.0.1:9092/" + SECRET, "rw-------");
        Files.setOwner(f, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        StoreException e = assertThrows(StoreException.class, () -> DaemonInfo.read(dir));
        assertTrue(e.getMessage().contains("not by this user"), e.getMessage());
    }

    @Test
    void aSymlinkIsRefused() throws Exception {
        Path real = Files.writeString(dir.resolve("real"), "jdbc_url=x\n");
        Files.createSymbolicLink(DaemonInfo.file(dir), real);
        assertThrows(StoreException.class, () -> DaemonInfo.read(dir));
    }

    /** The secret opens the daemon's database: errors and logs show it masked. */
    @Test
    void theSecretIsNeverInAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        plant("jdbc:h2:tcp://127.0.0.1:" + closedPort + "/" + SECRET, "rw-------");
        DaemonInfo info = DaemonInfo.read(dir).orElseThrow();
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.openServed(info));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
        }
        assertTrue(e.getMessage().contains("tcpfleet-***"), e.getMessage());
        assertFalse(info.toString().contains(SECRET), info.toString());
    }
}
