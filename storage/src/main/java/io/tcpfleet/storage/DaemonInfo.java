package io.tcpfleet.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * How local readers reach the database of a running {@code tcpfleet collect}: the file
 * {@value #FILE_NAME} in the data directory, readable by its owner only because the URL holds the
 * secret that opens the database.
 *
 * @param jdbcUrl   {@code jdbc:h2:tcp://127.0.0.1:PORT/SECRET}
 * @param pid       the daemon's process id: a file left by a dead daemon is ignored
 * @param startedAt when the daemon started serving
 * @param api       the daemon's HTTP API as {@code HOST:PORT} on loopback, or null when it serves none:
 *                  {@code get} asks it instead of opening the database
 */
public record DaemonInfo(String jdbcUrl, long pid, Instant startedAt, String api) {

    public static final String FILE_NAME = "collect.properties";

    public DaemonInfo(String jdbcUrl, long pid, Instant startedAt) {
        this(jdbcUrl, pid, startedAt, null);
    }

    public DaemonInfo withApi(String hostPort) {
        return new DaemonInfo(jdbcUrl, pid, startedAt, hostPort);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The running daemon's info in {@code dataDir}, if a daemon is alive there. */
    public static Optional<DaemonInfo> read(Path dataDir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file(dataDir), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(dataDir), e);
        }
        try {
            DaemonInfo info = new DaemonInfo(p.getProperty("jdbc_url"), Long.parseLong(p.getProperty("pid")),
                    Instant.parse(p.getProperty("started_at")), p.getProperty("api"));
            boolean alive = ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && info.jdbcUrl() != null ? Optional.of(info) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // a half-written or foreign file: no daemon to talk to
        }
    }

    /** Writes the file owner-only (created 0600, then moved into place atomically). */
    public void write(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("jdbc_url", jdbcUrl);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started_at", startedAt.toString());
        if (api != null) {
            p.setProperty("api", api);
        }
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
        read(dataDir).filter(this::equals).ifPresent(mine -> {
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
        int slash = jdbcUrl.lastIndexOf('/');
        return "DaemonInfo[" + (slash < 0 ? "?" : jdbcUrl.substring(0, slash + 1) + "***") + ", pid=" + pid
                + ", startedAt=" + startedAt + ", api=" + api + "]";
    }
}
