package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import io.tcpfleet.collector.transport.HostKeyVerdict.Kind;
import io.tcpfleet.collector.transport.KnownHostLine.Marker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.KeyType;

/**
 * A known_hosts file, parsed once and shared by every connection of a transport, re-read only when
 * the file changes (parsing it per login cost O(hosts) per login: O(hosts²) for a fleet). It
 * decides as OpenSSH 9 does (hostfile.c, sshconnect.c):
 * <ul>
 * <li>a key listed under {@code @revoked} is refused, whatever other lines say;</li>
 * <li>a host certificate is trusted when an {@code @cert-authority} line for the host holds its CA
 *     and it is valid; otherwise its plain key is checked like any key;</li>
 * <li>a key is trusted when a line for the host holds it; if lines for the host hold only other
 *     keys, of any type, the host has changed;</li>
 * <li>a host no line lists is unknown, and recorded only with accept-new.</li>
 * </ul>
 */
final class KnownHostsFile {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("tcpfleet.known_hosts");

    private record Snapshot(Object version, List<KnownHostLine> lines) {
    }

    private final Path file;
    private final boolean acceptNew;
    private volatile Snapshot snapshot;

    KnownHostsFile(Path file, boolean acceptNew) {
        this.file = file;
        this.acceptNew = acceptNew;
    }

    Path path() {
        return file;
    }

    /** The name OpenSSH looks a host up under: {@code host}, or {@code [host]:port} off port 22. */
    static String lookupName(String hostname, int port) {
        return port == 22 ? hostname : "[" + hostname + "]:" + port;
    }

    /**
     * Checks the key {@code host:port} presented; with accept-new an unknown host's key is appended.
     *
     * @param who how the accept-new notice names the host
     */
    HostKeyVerdict check(String hostname, int port, PublicKey key, String who) {
        String name = lookupName(hostname, port);
        List<KnownHostLine> lines;
        try {
            lines = linesFor(name);
        } catch (IOException e) {
            return new HostKeyVerdict(Kind.UNREADABLE, null, "cannot read " + file + ": " + e.getMessage());
        }
        Certificate<?> cert = key instanceof Certificate<?> c ? c : null;
        PublicKey plain = cert != null ? cert.getKey() : key;
        for (KnownHostLine l : lines) {
            if (l.marker() == Marker.REVOKED && (l.holds(plain) || (cert != null && Arrays.equals(l.blob(), cert.getSignatureKey())))) {
                return new HostKeyVerdict(Kind.REVOKED, l, null);
            }
        }
        HostKeyVerdict badCertificate = null;
        if (cert != null) {
            for (KnownHostLine l : lines) {
                if (l.marker() == Marker.CERT_AUTHORITY && Arrays.equals(l.blob(), cert.getSignatureKey())) {
                    String problem = HostCertificates.problem(cert, hostname);
                    if (problem == null) {
                        return new HostKeyVerdict(Kind.TRUSTED, l, null);
                    }
                    badCertificate = new HostKeyVerdict(Kind.BAD_CERTIFICATE, l, problem);
                    break;
                }
            }
        }
        // OpenSSH's fallback for a certificate its CA lines do not vouch for: its plain key
        KnownHostLine other = null;
        for (KnownHostLine l : lines) {
            if (l.marker() == Marker.NONE) {
                if (l.holds(plain)) {
                    return new HostKeyVerdict(Kind.TRUSTED, l, null);
                }
                other = other != null ? other : l;
            }
        }
        if (badCertificate != null) {
            return badCertificate; // never recorded, even with accept-new
        }
        if (other != null) {
            return new HostKeyVerdict(Kind.CHANGED, other, null);
        }
        if (!acceptNew) {
            return HostKeyVerdict.of(Kind.UNKNOWN);
        }
        try {
            return record(name, plain, who);
        } catch (IOException e) {
            return new HostKeyVerdict(Kind.UNREADABLE, null, "cannot record it in " + file + ": " + e.getMessage());
        }
    }

    /**
     * The host-key algorithms to offer first for a host, as OpenSSH's order_hostkeyalgs does: those
     * of the key types known_hosts holds for it (RSA: rsa-sha2-512/256, never SHA-1 ssh-rsa), and
     * the certificate algorithms when a CA line covers it.
     */
    List<String> algorithms(String hostname, int port, List<String> offered) {
        Set<String> preferred = new LinkedHashSet<>();
        try {
            for (KnownHostLine l : linesFor(lookupName(hostname, port))) {
                if (l.marker() == Marker.CERT_AUTHORITY) {
                    offered.stream().filter(a -> a.contains("-cert-v01@")).forEach(preferred::add);
                } else if (l.marker() == Marker.NONE) {
                    preferred.addAll(l.type() == KeyType.RSA ? List.of("rsa-sha2-512", "rsa-sha2-256")
                            : List.of(l.type().toString()));
                }
            }
        } catch (IOException e) {
            return List.of(); // the check reports it
        }
        return new ArrayList<>(preferred);
    }

    private List<KnownHostLine> linesFor(String name) throws IOException {
        List<KnownHostLine> out = new ArrayList<>();
        for (KnownHostLine l : current().lines()) {
            if (l.matches(name)) {
                out.add(l);
            }
        }
        return out;
    }

    private Snapshot current() throws IOException {
        Object v = versionOf();
        Snapshot s = snapshot;
        if (s == null || !s.version().equals(v)) {
            synchronized (this) {
                s = snapshot;
                if (s == null || !s.version().equals(v)) {
                    s = new Snapshot(v, parse());
                    snapshot = s;
                }
            }
        }
        return s;
    }

    private List<KnownHostLine> parse() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<KnownHostLine> lines = new ArrayList<>(text.size());
        for (int i = 0; i < text.size(); i++) {
            KnownHostLine l = KnownHostLine.parse(text.get(i), i + 1);
            if (l != null) {
                lines.add(l);
            }
        }
        return List.copyOf(lines);
    }

    private Object versionOf() throws IOException {
        if (!Files.exists(file)) {
            return "absent";
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
    }

    /**
     * Appends {@code name key} as OpenSSH's accept-new does, creating missing directories 0700 and
     * the file 0600, and says so on the log. Serialised, and a no-op if another poll recorded it first.
     */
    private synchronized HostKeyVerdict record(String name, PublicKey key, String who) throws IOException {
        for (KnownHostLine l : linesFor(name)) {
            if (l.marker() == Marker.NONE && l.holds(key)) {
                return new HostKeyVerdict(Kind.TRUSTED, l, null);
            }
        }
        createPrivately();
        String type = KeyType.fromKey(key).toString();
        boolean newline = Files.size(file) > 0 && !endsWithNewline();
        Files.writeString(file, (newline ? "\n" : "") + name + " " + type + " "
                + Base64.getEncoder().encodeToString(KnownHostLine.blobOf(key)) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        LOG.warn("{}: recorded its {} host key {} in {} (--accept-new)", who, type, KnownHostsVerifier.sha256(key), file);
        return HostKeyVerdict.of(Kind.ADDED);
    }

    private void createPrivately() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        List<Path> missing = new ArrayList<>();
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by someone else: theirs to keep
            }
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // appending to the user's existing file: its mode is theirs
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ch.position(ch.size() - 1);
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b);
            return b.get(0) == '\n';
        }
    }
}
