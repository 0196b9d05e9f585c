package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void tcpfleetHomeWinsOverTheXdgDefaultUnderHome() {
        assertEquals(tmp.resolve("x"), DataDirectory.resolve(Map.of("TCPFLEET_HOME", tmp.resolve("x").toString(),
                "HOME", "/home/u")).path());
        assertEquals(Path.of("/home/u/.local/share/tcpfleet"), DataDirectory.resolve(Map.of("HOME", "/home/u")).path());
        assertEquals(Path.of("/home/u/.local/share/tcpfleet"),
                DataDirectory.resolve(Map.of("TCPFLEET_HOME", " ", "HOME", "/home/u")).path());
    }

    /** Java's user.home comes from the passwd entry; $HOME is what the user set (sudo -E, systemd, tests). */
    @Test
    void homeIsTheEnvironmentsNotJavasUserHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path javaHome = Files.createDirectories(tmp.resolve("passwd-home"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + javaHome, "-cp", System.getProperty("java.class.path"), StoreChild.class.getName(),
                "datadir", "-");
        pb.environment().remove("TCPFLEET_HOME");
        pb.environment().put("HOME", home.toString());
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor());
        assertEquals(home.resolve(".local/share/tcpfleet").toString(), printed);
    }

    @Test
    void createdPrivateToItsOwner() throws Exception {
        Path p = new DataDirectory(tmp.resolve("a/b")).create();
        assertTrue(Files.isDirectory(p));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    /** An existing TCPFLEET_HOME (mode 0755, say) used to get H2's files with the umask's 0644. */
    @Test
    void databaseFilesArePrivateEvenInAnExistingDirectory() throws Exception {
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SampleStore store = SampleStore.openDefault(existing)) {
            store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 1)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(existing)) {
            files = s.toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        // H2 rewrites its file when it compacts (here at a SHUTDOWN COMPACT): closing keeps it private.
        try (SampleStore store = SampleStore.openDefault(existing);
             java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + existing.resolve("tcpfleet"), "sa", "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        } catch (StoreException e) {
            // the store's own SHUTDOWN finds the database closed already: logged, not thrown
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing.resolve(DataDirectory.DATABASE_FILE))));
        // A file an older tcpfleet left readable is tightened when opened for writing.
        Files.setPosixFilePermissions(existing.resolve(DataDirectory.DATABASE_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        SampleStore.openDefault(existing).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing.resolve(DataDirectory.DATABASE_FILE))));
    }

    @Test
    void aSymlinkInPlaceOfTheDatabaseIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path target = Files.writeString(tmp.resolve("elsewhere"), "");
        Files.createSymbolicLink(dir.resolve(DataDirectory.DATABASE_FILE), target);
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.openDefault(dir));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    /** Read-only commands open with EXISTING: a missing database is an error, and nothing appears on disk. */
    @Test
    void openingAMissingDatabaseForReadingCreatesNothing() throws Exception {
        Path dir = tmp.resolve("not/there");
        NoDatabaseException e = assertThrows(NoDatabaseException.class, () -> SampleStore.openDefault(dir, OpenMode.EXISTING));
        assertTrue(e.getMessage().contains("no samples yet"), e.getMessage());
        assertTrue(e.getMessage().contains("run tcpfleet poll or collect"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("not")), "no directory created");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThrows(NoDatabaseException.class, () -> SampleStore.open("jdbc:h2:file:" + empty.resolve("x"), null, OpenMode.EXISTING));
        try (Stream<Path> s = Files.list(empty)) {
            assertEquals(List.of(), s.toList(), "no file created");
        }
    }
}
