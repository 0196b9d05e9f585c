package io.tcpfleet.storage;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How local readers reach the database of a running {@code tcpfleet collect}: the file
 * {@value #FILE_NAME} in the data directory, readable by its owner only because the URL holds the
 * secret that opens the database.
 *
 * @param jdbcUrl   {@code jdbc:h2:tcp://127.0.0.1:PORT/SECRET}
 * @param pid       the daemon's process id: a file left by a dead daemon is ignored
 * @param startedAt when the daemon started serving
 */
public record DaemonInfo(String jdbcUrl, long pid, Instant startedAt) {

    public static final String FILE_NAME = "collect.properties";

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The only URL a daemon writes, and so the only one trusted: H2's server on loopback, opening the
     * database by its secret name, with no settings (a planted {@code ;INIT=RUNSCRIPT ...} or an
     * embedded URL would run code as whoever reads).
     */
    static final Pattern SERVED_URL = Pattern.compile("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d{1,5}/tcpfleet-[0-9a-f]{48}");

    /**
     * The running daemon's info in {@code dataDir}, if a daemon is alive there. The file is trusted
     * only when it is a plain file owned by this user that group and others cannot write, and holds
     * a URL of {@link #SERVED_URL}'s form; anything else is refused with a {@link StoreException}.
     */
    public static Optional<DaemonInfo> read(Path dataDir) {
        Path file = file(dataDir);
        Properties p = new Properties();
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            requireTrusted(file);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the daemon removed it as we looked
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String url = p.getProperty("jdbc_url", "");
        if (!SERVED_URL.matcher(url).matches()) {
            throw new StoreException("refusing " + file + ": its jdbc_url " + Redact.url(url) + " is not the loopback"
                    + " server a tcpfleet collect writes (jdbc:h2:tcp://127.0.0.1:PORT/tcpfleet-SECRET); remove the file");
        }
        try {
            DaemonInfo info = new DaemonInfo(url, Long.parseLong(p.getProperty("pid")), Instant.parse(p.getProperty("started_at")));
            boolean alive = ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(info) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // no daemon to talk to
        }
    }

    private static void requireTrusted(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("refusing " + file + ": not a plain file; remove it");
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        long me = new UnixSystem().getUid();
        if (owner != me) {
            throw new StoreException("refusing " + file + ": owned by uid " + owner + ", not by this user (uid " + me
                    + "); only the daemon's own file is trusted");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new StoreException("refusing " + file + ": writable by group or others (mode "
                    + PosixFilePermissions.toString(mode) + "); remove it");
        }
    }

    /** Writes the file owner-only (created 0600, then moved into place atomically). */
    public void write(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("jdbc_url", jdbcUrl);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started_at", startedAt.toString());
        Path target = file(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "tcpfleet collect: how local readers reach its database. Secret: keep 0600.");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Removes the file if it is still this daemon's. */
    public void remove(Path dataDir) {
        Optional<DaemonInfo> current;
        try {
            current = read(dataDir);
        } catch (StoreException e) {
            return; // not ours to remove
        }
        current.filter(this::equals).ifPresent(mine -> {
            try {
                Files.deleteIfExists(file(dataDir));
            } catch (IOException e) {
                // a stale file is ignored by readers once our pid is gone
            }
        });
    }

    /** Never prints the secret in the URL. */
    @Override
    public String toString() {
        return "DaemonInfo[" + Redact.url(jdbcUrl) + ", pid=" + pid + ", startedAt=" + startedAt + "]";
    }
}
