package io.tcpfleet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of processes, from /proc: what a host spent serving polls.
 *
 * <p>A process tree's CPU is, for the root and every live descendant, its own run time (from
 * {@code /proc/PID/schedstat}, nanoseconds) plus the user and system time of the children it has
 * reaped ({@code cutime + cstime} of {@code /proc/PID/stat}, clock ticks). A process that ends is
 * reaped by its live parent, so its whole time moves into the parent's reaped-children time: the
 * difference of two readings counts everything that ran in between exactly once.
 */
final class ProcessCpu {

    /** Clock ticks per second of /proc/PID/stat times (USER_HZ; 100 on Linux). */
    private final long ticksPerSecond;

    ProcessCpu(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The tree's CPU so far, nanoseconds. */
    long treeNanos(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(this::ownAndReapedNanos).sum();
    }

    /** A whole process's user + system time (all threads), nanoseconds; 10 ms resolution. */
    long processNanos(long pid) {
        long[] f = stat(pid);
        return f == null ? 0 : ticks(f[0] + f[1]);
    }

    private long ownAndReapedNanos(ProcessHandle p) {
        long[] f = stat(p.pid());
        if (f == null) {
            return 0; // ended meanwhile: its parent's reaped time has it
        }
        long own;
        try {
            own = Long.parseLong(Files.readString(Path.of("/proc", Long.toString(p.pid()), "schedstat")).trim().split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            own = ticks(f[0] + f[1]);
        }
        return own + ticks(f[2] + f[3]);
    }

    private long ticks(long t) {
        return t * 1_000_000_000L / ticksPerSecond;
    }

    /** utime, stime, cutime, cstime; null if the process is gone. */
    private static long[] stat(long pid) {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        // fields after the command name in parentheses (which may contain spaces): state is field 3
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14 -> f[11]
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
