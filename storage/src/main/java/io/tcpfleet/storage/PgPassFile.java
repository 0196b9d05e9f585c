package io.tcpfleet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libpq's password file ({@code ~/.pgpass}), read by libpq's rules: lines
 * {@code hostname:port:database:username:password}, {@code #} comments, {@code *} matching
 * anything in the first four fields, {@code \:} and {@code \\} escapes, the first matching line
 * wins; a file that group or others may read or write is ignored with a warning, as libpq does.
 * (PostgreSQL's JDBC driver reads the file too, but from Java's {@code user.home} and whatever its
 * mode: {@link DbPassword} always hands it a password instead.)
 */
final class PgPassFile {

    private static final Logger LOG = LoggerFactory.getLogger(PgPassFile.class);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPassFile() {
    }

    /** The password of the first line matching the connection, if the file exists and is private. */
    static Optional<String> lookup(Path file, String host, String port, String database, String user) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                if (Files.exists(file)) {
                    LOG.warn("password file \"{}\" is not a plain file: ignored", file);
                }
                return Optional.empty();
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                LOG.warn("password file \"{}\" has group or world access; permissions should be u=rw (0600) or less:"
                        + " ignored", file);
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read password file " + file, e);
        } catch (UnsupportedOperationException e) {
            return Optional.empty(); // no POSIX modes: cannot tell who may read it
        }
        String[] wanted = {host, port, database, user};
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (match) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    /** Splits on unescaped colons and removes the escapes; what follows a fifth colon is ignored. */
    static List<String> fields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(field.toString());
                field.setLength(0);
            } else if (c == ':') {
                break;
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
