package io.tcpfleet.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * One lab's number X: its subnet 10.213.X.0/24 and its interface and namespace names
 * {@code tflX...}, used by no other lab on this machine while the claim is held, whichever JVM or
 * worktree that lab runs in.
 *
 * <p>The claim is a lock on {@code /run/tcpfleet-lab/X.lock}, which the kernel drops when the
 * holder dies, even by SIGKILL. A lab killed before its close() leaves its namespaces and its
 * address behind, so X is also skipped while this namespace has an address or route in the subnet,
 * or a namespace of that name exists. The lock files stay: deleting one while another process opens
 * it would let two holders lock two different files of the same name.
 */
final class SubnetClaim implements AutoCloseable {

    static final Path LOCKS = Path.of("/run/tcpfleet-lab");

    final int number;
    private final FileChannel lockFile;

    private SubnetClaim(int number, FileChannel lockFile) {
        this.number = number;
        this.lockFile = lockFile;
    }

    /** The first free number, claimed. */
    static SubnetClaim claim() throws IOException, InterruptedException {
        Files.createDirectories(LOCKS);
        for (int x = 0; x < 256; x++) {
            FileChannel channel = FileChannel.open(LOCKS.resolve(x + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(channel) && !inUse(x)) {
                return new SubnetClaim(x, channel);
            }
            channel.close(); // releases the lock if we took it
        }
        throw new IOException("every lab subnet 10.213.0-255.0/24 is in use on this machine");
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException heldByThisJvm) {
            return false;
        }
    }

    /** Left behind by a lab that never closed: an address or route in 10.213.X.0/24, or a namespace tflX. */
    private static boolean inUse(int x) throws IOException, InterruptedException {
        String prefix = "10.213." + x + ".";
        for (String token : NetnsLab.output("ip", "-4", "-o", "route", "show", "table", "all").split("\\s+")) {
            if (token.startsWith(prefix)) {
                return true;
            }
        }
        Path netns = Path.of("/run/netns");
        if (!Files.isDirectory(netns)) {
            return false;
        }
        try (Stream<Path> names = Files.list(netns)) {
            return names.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith(tag(x) + "p") || n.startsWith(tag(x) + "h"));
        }
    }

    /** The prefix of every name the lab gives: a number, then a letter, so tfl1h0 and tfl12h0 never meet. */
    static String tag(int x) {
        return "tfl" + x;
    }

    String tag() {
        return tag(number);
    }

    @Override
    public void close() throws IOException {
        lockFile.close();
    }
}
