package io.tcpfleet.collector.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * One key line of a known_hosts file, matched the way OpenSSH's hostfile.c and match.c do: a
 * comma-separated list of patterns ({@code *}, {@code ?}, {@code [host]:port}) in which a matching
 * {@code !negated} pattern vetoes the line, or one hashed name ({@code |1|salt|hash}).
 * sshj's own matcher differs: it lets {@code a,!b} match every host but b.
 *
 * @param number  1-based line number, for messages
 * @param marker  {@code @cert-authority}, {@code @revoked}, or none
 * @param hosts   the host field as written
 * @param type    the key's type
 * @param blob    the key in SSH wire format: keys are equal when their blobs are
 */
record KnownHostLine(int number, Marker marker, String hosts, KeyType type, byte[] blob) {

    enum Marker { NONE, CERT_AUTHORITY, REVOKED }

    /** The line's key line, or null for a comment, a blank line or a line that is not a key (as OpenSSH skips them). */
    static KnownHostLine parse(String line, int number) {
        String[] f = line.strip().split("\\s+");
        if (f.length == 0 || f[0].isEmpty() || f[0].startsWith("#")) {
            return null;
        }
        int i = 0;
        Marker marker = Marker.NONE;
        if (f[0].equals("@cert-authority")) {
            marker = Marker.CERT_AUTHORITY;
            i++;
        } else if (f[0].equals("@revoked")) {
            marker = Marker.REVOKED;
            i++;
        } else if (f[0].startsWith("@")) {
            return null; // an unknown marker: OpenSSH ignores the line
        }
        if (f.length < i + 3) {
            return null;
        }
        try {
            byte[] blob = Base64.getDecoder().decode(f[i + 2]);
            KeyType type = KeyType.fromString(new Buffer.PlainBuffer(blob).readString());
            if (type == KeyType.UNKNOWN || !type.toString().equals(f[i + 1])) {
                return null;
            }
            return new KnownHostLine(number, marker, f[i], type, blob);
        } catch (IllegalArgumentException | Buffer.BufferException e) {
            return null;
        }
    }

    /** Whether the line lists {@code name} ({@code host} or {@code [host]:port}, as OpenSSH looks it up). */
    boolean matches(String name) {
        String host = name.toLowerCase(Locale.ROOT);
        if (hosts.startsWith("|1|")) {
            return hashedMatches(hosts, host);
        }
        boolean positive = false;
        for (String p : hosts.toLowerCase(Locale.ROOT).split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            boolean glob = pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
            if (glob ? KeyType.CertUtils.matchPattern(host, pattern) : pattern.equals(host)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    private static boolean hashedMatches(String field, String host) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[2]), "HmacSHA1"));
            byte[] want = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(want, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this line's key is {@code key} (compared as SSH wire blobs). */
    boolean holds(PublicKey key) {
        return Arrays.equals(blob, blobOf(key));
    }

    static byte[] blobOf(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KnownHostLine l && l.number == number && l.marker == marker && l.hosts.equals(hosts)
                && l.type == type && Arrays.equals(l.blob, blob);
    }

    @Override
    public int hashCode() {
        return 31 * number + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "line " + number + " (" + (marker == Marker.NONE ? "" : marker + " ") + type + ")";
    }
}
