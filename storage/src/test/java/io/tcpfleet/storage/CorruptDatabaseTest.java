package io.tcpfleet.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt H2 file is an error that names the file and says what to do, never a silent "ok".
 * (A file cut short is not corrupt to H2: it opens the last complete version, as after a crash.)
 */
class CorruptDatabaseTest {

    @TempDir
    Path dir;

    Path file;

    /** A real database of 40 sweeps of 20 hosts, closed cleanly. */
    @BeforeEach
    void database() {
        try (SampleStore store = SampleStore.openDefault(dir)) {
            for (int i = 0; i < 40; i++) {
                Instant at = Samples.T0.plusSeconds(60L * i);
                List<io.tcpfleet.model.PollResult> sweep = new ArrayList<>();
                for (int h = 0; h < 20; h++) {
                    sweep.add(Samples.ok("web" + h, at, i * 7L + h));
                }
                store.writeSweep(at, at, sweep);
            }
        }
        file = dir.resolve(DataDirectory.DATABASE_FILE);
    }

    static void assertSaysWhatToDo(StoreException e, Path file) {
        String m = e.getMessage();
        assertTrue(m.contains("database file " + file), m);
        assertTrue(m.contains("move the file aside (mv " + file + " " + file + ".corrupt) and start again"), m);
    }

    private void overwrite(long at, byte[] bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    @Test
    void bothHeadersOverwrittenIsNamedCorruptAtOpen() throws Exception {
        overwrite(0, new byte[8192]); // H2 keeps two copies of its header, in the first two 4 KB blocks
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.openDefault(dir).close());
        assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
        assertSaysWhatToDo(e, file);
    }

    /**
     * Every chunk after the headers overwritten: H2 finds no valid chunk and opens the file as a new,
     * empty database. Before, tcpfleet then created its schema in it and went on as if nothing had
     * happened, the history gone.
     */
    @Test
    void aFileWithNoReadableDataIsRefusedNotOpenedAsAnEmptyDatabase() throws Exception {
        long size = Files.size(file);
        byte[] junk = new byte[(int) size - 8192];
        new Random(7).nextBytes(junk);
        overwrite(8192, junk);
        StoreException e = assertThrows(StoreException.class, () -> SampleStore.openDefault(dir).close());
        assertTrue(e.getMessage().contains("(" + size + " bytes) opens as an empty database: it is damaged"), e.getMessage());
        assertSaysWhatToDo(e, file);
    }
}
