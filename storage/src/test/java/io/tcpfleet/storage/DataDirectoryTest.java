package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void tcpfleetHomeWinsOverTheXdgDefault() {
        assertEquals(tmp.resolve("x"), DataDirectory.resolve(Map.of("TCPFLEET_HOME", tmp.resolve("x").toString()),
                Path.of("/home/u")).path());
        assertEquals(Path.of("/home/u/.local/share/tcpfleet"), DataDirectory.resolve(Map.of(), Path.of("/home/u")).path());
        assertEquals(Path.of("/home/u/.local/share/tcpfleet"),
                DataDirectory.resolve(Map.of("TCPFLEET_HOME", " "), Path.of("/home/u")).path());
    }

    @Test
    void createdPrivateToItsOwner() throws Exception {
        Path p = new DataDirectory(tmp.resolve("a/b")).create();
        assertTrue(Files.isDirectory(p));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }
}
