package io.tcpfleet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a new temporary directory: a real file system that fills up, for
 * disk-full tests. Needs root ({@link Tool#ROOT}). {@link #close()} unmounts it and removes the
 * directory; a JVM shutdown hook does the same if a test never got there, so no mount outlives the
 * test JVM.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;
    private final Thread hook;
    private boolean mounted;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.hook = new Thread(this::unmount, "tmpfs-unmount");
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it: "8m") on a new temporary directory. */
    public static Tmpfs mount(String size) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tcpfleet-tmpfs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tmpfs fs = new Tmpfs(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString());
        fs.mounted = true;
        Runtime.getRuntime().addShutdownHook(fs.hook);
        return fs;
    }

    public Path dir() {
        return dir;
    }

    /** Bytes a non-root writer could still write (root writes the same on tmpfs: no reserve). */
    public long free() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Grows or shrinks the file system in place ({@code mount -o remount,size=...}). */
    public void resize(String size) {
        run("mount", "-o", "remount,size=" + size, dir.toString());
    }

    /** Writes {@code name} until the file system is full; returns the file (delete it to free the space). */
    public Path fill(String name) {
        Path filler = dir.resolve(name);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (free() > 0) {
                // the last block did not fit: fill what is left in smaller writes
                try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
                    while (true) {
                        out.write(block, 0, 4096);
                    }
                } catch (IOException e) {
                    // full now
                }
            }
        }
        return filler;
    }

    @Override
    public void close() {
        unmount();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook ran or runs
        }
    }

    private synchronized void unmount() {
        if (!mounted) {
            return;
        }
        try {
            run("umount", dir.toString());
        } catch (IllegalStateException busy) {
            run("umount", "-l", dir.toString()); // a process of the test still has a file open: detach it now
        }
        mounted = false;
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // an empty temp directory left behind is harmless
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
