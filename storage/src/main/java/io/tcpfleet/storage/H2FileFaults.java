package io.tcpfleet.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Names the failures of an embedded H2 database that are about its file, in words an operator acts
 * on: the disk is full (with the free bytes), another write error, a corrupt file. H2 itself says
 * "General error: MVStoreException: ExecutionException: ... Writing to FileChannelImpl@3028c869
 * failed; length 454656 at 8286208", with the cause three levels down, and after such a failure
 * every connection opened in this JVM gets that same text without the cause: so the text is
 * recognized too, and the free space is looked up rather than assumed.
 */
final class H2FileFaults {

    /** Below this many free bytes, a failed write is taken for a full disk. */
    static final long NEARLY_FULL = 1 << 20;

    private H2FileFaults() {
    }

    /** What {@code e} says about {@code file} (the {@code .mv.db}), or empty when it is not about the file. */
    static Optional<String> describe(SQLException e, Path file) {
        if (corrupt(e)) {
            return Optional.of("database file " + file + " is corrupt (H2: " + firstLine(deepest(e)) + "): stop tcpfleet,"
                    + " move the file aside (mv " + file + " " + file + ".corrupt) and start again to begin a new database;"
                    + " H2's recovery tool (java -cp h2.jar org.h2.tools.Recover) may salvage its data");
        }
        IOException io = find(e, IOException.class);
        String cause = io != null && io.getMessage() != null ? io.getMessage() : null;
        boolean write = writeFailed(e);
        if (!write && cause == null) {
            return Optional.empty();
        }
        Path dir = file.getParent();
        long free = freeBytes(dir);
        if ((cause != null && diskFull(cause)) || (write && free >= 0 && free < NEARLY_FULL)) {
            return Optional.of("no space left on device on " + dir + " (" + freeText(free) + ")"
                    + ": cannot write the database file " + file.getFileName());
        }
        return Optional.of((write ? "cannot write the database file " : "I/O error on the database file ") + file + ": "
                + (cause != null ? cause : firstLine(deepest(e))) + " (" + freeText(free) + " on " + dir + ")");
    }

    private static boolean diskFull(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }

    private static boolean corrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
                return true;
            }
            if (t instanceof MVStoreException m && (m.getErrorCode() == DataUtils.ERROR_FILE_CORRUPT
                    || m.getErrorCode() == DataUtils.ERROR_CHUNK_NOT_FOUND)) {
                return true;
            }
        }
        return false;
    }

    /** H2's MVStore could not write, by its error code or, without the cause, by its text. */
    private static boolean writeFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_WRITING_FAILED) {
                return true;
            }
            String msg = t.getMessage();
            if (msg != null && msg.contains("Writing to ") && msg.contains(" failed")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String freeText(long free) {
        return free < 0 ? "free space unknown" : String.format(Locale.ROOT, "%,d bytes free", free);
    }
}
