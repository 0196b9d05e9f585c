package io.tcpfleet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPU of some processes and of everything they start afterwards, ended or not: a cgroup v2 of
 * the run's own ({@code cpu.stat} usage_usec, which the kernel charges as tasks run, precise to the
 * microsecond). Reaped children in {@code /proc/PID/stat} count in whole clock ticks: a host's ten
 * ~1 ms cats read as 0 or 10 ms, the same way on every host, which is no measure of a poll of 1 ms.
 *
 * <p>Only the processes added are moved (children follow their parent); the cgroup is removed by
 * {@link #close()} once they have ended. Nothing else of the machine's cgroups changes.
 */
final class CgroupCpu implements AutoCloseable {

    private final Path dir;

    private CgroupCpu(Path dir) {
        this.dir = dir;
    }

    /** A new, empty cgroup named {@code name} under the cgroup v2 mount. */
    static CgroupCpu create(String name) throws IOException {
        Path root = null;
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                root = Path.of(f[1]);
                break;
            }
        }
        if (root == null) {
            throw new IOException("no cgroup v2 mounted (/proc/mounts): the host CPU of ended processes cannot be measured");
        }
        return new CgroupCpu(Files.createDirectory(root.resolve(name)));
    }

    /** Moves a process there; what it starts from now on is counted with it. */
    void add(long pid) throws IOException {
        Files.writeString(dir.resolve("cgroup.procs"), pid + "\n");
    }

    /** CPU used in the cgroup so far, nanoseconds. */
    long nanos() throws IOException {
        for (String line : Files.readAllLines(dir.resolve("cpu.stat"))) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring("usage_usec ".length()).trim()) * 1000;
            }
        }
        throw new IOException("no usage_usec in " + dir.resolve("cpu.stat"));
    }

    /** Removes the cgroup, waiting (at most 10 s) for its processes, ended by their owner, to go. */
    @Override
    public void close() throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Files.deleteIfExists(dir); // rmdir: the kernel refuses while a process is in it
                return;
            } catch (IOException busy) {
                if (System.nanoTime() > until) {
                    throw new IOException("cgroup " + dir + " still has processes: " + Files.readString(dir.resolve("cgroup.procs")), busy);
                }
                Thread.sleep(50);
            }
        }
    }
}
