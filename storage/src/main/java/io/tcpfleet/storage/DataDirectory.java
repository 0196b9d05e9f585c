package io.tcpfleet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Where tcpfleet keeps its data: {@code $TCPFLEET_HOME}, else {@code ~/.local/share/tcpfleet}. */
public record DataDirectory(Path path) {

    public static DataDirectory fromEnvironment() {
        return resolve(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The rule itself, with the environment and home directory given (testable). */
    public static DataDirectory resolve(Map<String, String> env, Path home) {
        String explicit = env.get("TCPFLEET_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return new DataDirectory(Path.of(explicit).toAbsolutePath());
        }
        return new DataDirectory(home.resolve(".local").resolve("share").resolve("tcpfleet"));
    }

    /** Creates the directory if needed, private to its owner where the file system allows. */
    public Path create() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                }
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + path, e);
        }
    }
}
