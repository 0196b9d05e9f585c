package io.tcpfleet.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * The rule for files that steer tcpfleet (a daemon's configuration): only their owner may write
 * them and their directory, and the owner is root or the user running tcpfleet, as OpenSSH demands
 * of its own configuration.
 */
final class TrustedFile {

    private TrustedFile() {
    }

    /** Why {@code file} must not be trusted, or null when it may be. */
    static String problem(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        Path real;
        try {
            real = file.toRealPath(); // a symbolic link is judged by what it points to
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
        String me = System.getProperty("user.name");
        for (Path p : new Path[] {real, real.getParent()}) {
            if (p == null) {
                continue;
            }
            String what = p == real ? "" : "its directory " + p + " ";
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(p, PosixFileAttributes.class);
            } catch (IOException e) {
                return "cannot read: " + e.getMessage();
            }
            String owner = a.owner().getName();
            if (!"root".equals(owner) && !owner.equals(me)) {
                return what + "is owned by " + owner + ", not root or " + me;
            }
            boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            if (othersWrite && !(p != real && isSticky(p))) {
                return what + "is writable by others than its owner (chmod go-w)";
            }
        }
        return null;
    }

    /** A sticky directory (/tmp) lets others add files but not replace ours. */
    private static boolean isSticky(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode");
            return mode instanceof Integer m && (m & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
