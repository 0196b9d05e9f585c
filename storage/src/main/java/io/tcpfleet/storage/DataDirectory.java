package io.tcpfleet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where tcpfleet keeps its data: {@code $TCPFLEET_HOME}, else {@code $HOME/.local/share/tcpfleet}.
 * {@code $HOME} as the environment says, like OpenSSH and every shell tool, not Java's
 * {@code user.home} (which is read from the passwd entry); the latter only when HOME is unset.
 */
public record DataDirectory(Path path) {

    /** The file name of the embedded database ({@code tcpfleet} plus H2's suffix). */
    public static final String DATABASE_FILE = "tcpfleet.mv.db";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    public static DataDirectory fromEnvironment() {
        return resolve(System.getenv());
    }

    /** The rule itself, with the environment given (testable). */
    public static DataDirectory resolve(Map<String, String> env) {
        String explicit = env.get("TCPFLEET_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return new DataDirectory(Path.of(explicit).toAbsolutePath());
        }
        return new DataDirectory(home(env).resolve(".local").resolve("share").resolve("tcpfleet"));
    }

    /** {@code $HOME}, else Java's {@code user.home}. */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")).toAbsolutePath();
    }

    /** The embedded database's file in this directory. */
    public Path databaseFile() {
        return path.resolve(DATABASE_FILE);
    }

    /** Creates the directory if needed, 0700 (with any missing parents) where the file system allows. */
    public Path create() {
        createPrivateDirectories(path);
        return path;
    }

    static void createPrivateDirectories(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    createPrivateDirectories(parent);
                }
                if (posix()) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                    Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // whatever the umask took away or left
                } else {
                    Files.createDirectory(dir);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // made by someone else meanwhile: fine
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /**
     * Makes {@code file} exist and readable by its owner only before a database engine writes to it:
     * created 0600 when missing, tightened to 0600 when it exists with more, whatever the umask and
     * whether or not the directory already existed.
     */
    static void createPrivateFile(Path file) {
        if (!posix()) {
            return;
        }
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            } catch (FileAlreadyExistsException e) {
                if (Files.isSymbolicLink(file)) {
                    throw new StoreException("refusing database file " + file + ": it is a symbolic link");
                }
                if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_FILE)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create database file " + file, e);
        }
    }

    /**
     * Takes group and others' access away from an existing file of ours: H2 rewrites its file when it
     * compacts, and the new one gets the umask's mode. Quietly leaves a file it may not change.
     */
    static void keepPrivate(Path file) {
        try {
            if (posix() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            // someone else's file (a reader's view): not ours to change
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
