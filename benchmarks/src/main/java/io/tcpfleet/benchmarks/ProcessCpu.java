package io.tcpfleet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A live process's CPU time, from {@code /proc/PID/stat}: the collector's, over seconds of CPU, where
 * clock ticks are precise enough (what ended processes used is {@link CgroupCpu}'s job).
 */
final class ProcessCpu {

    /** Clock ticks per second of /proc/PID/stat times (USER_HZ; 100 on Linux). */
    private final long ticksPerSecond;

    ProcessCpu(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** A whole process's user + system time (all threads), nanoseconds; 10 ms resolution; 0 if it is gone. */
    long processNanos(long pid) {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return 0;
        }
        // the fields after the command name in parentheses (which may contain spaces): f[0] is field 3
        // (state), utime field 14 is f[11], stime f[12]
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / ticksPerSecond;
    }
}
