package io.tcpfleet.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * What this JVM costs the machine, as the kernel and the JVM itself see it: resident memory from
 * {@code /proc/self/status}, and, when the JVM runs with {@code -XX:NativeMemoryTracking=summary},
 * the committed native memory of the heap, thread stacks and the rest, from the JVM's own
 * {@code VM.native_memory summary}.
 */
final class ProcessMemory {

    private static final Pattern CATEGORY = Pattern.compile("-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern STACK = Pattern.compile("\\(stack: reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private ProcessMemory() {
    }

    /** {@code VmRSS} or {@code VmHWM} (the peak) of this process, in MB; -1 if unknown. */
    static long statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }

    /**
     * Committed MB by native memory category ("Total", "Java Heap", "Thread", "Thread stacks",
     * "Other", ...); empty without native memory tracking.
     */
    static Map<String, Long> nativeCommittedMb() {
        Map<String, Long> mb = new LinkedHashMap<>();
        String summary;
        try {
            summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return mb;
        }
        Matcher total = TOTAL.matcher(summary);
        if (!total.find()) {
            return mb; // "Native memory tracking is not enabled"
        }
        mb.put("Total", Long.parseLong(total.group(2)) >> 10);
        Matcher c = CATEGORY.matcher(summary);
        while (c.find()) {
            mb.put(c.group(1).trim(), Long.parseLong(c.group(3)) >> 10);
        }
        Matcher s = STACK.matcher(summary);
        if (s.find()) {
            mb.put("Thread stacks", Long.parseLong(s.group(2)) >> 10);
        }
        return mb;
    }
}
