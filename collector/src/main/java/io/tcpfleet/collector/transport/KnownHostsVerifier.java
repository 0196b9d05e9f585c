package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import io.tcpfleet.model.PollStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Strict known_hosts checking for one hop of one connection against the transport's shared
 * {@link KnownHostsFile}: it offers the host-key algorithms of the key types known for the host
 * first, and remembers what it decided, so that a refusal is classified and explained.
 */
final class KnownHostsVerifier implements HostKeyVerifier {

    private final KnownHostsFile knownHosts;
    private final List<String> offered;
    private final String who;
    private volatile HostKeyVerdict verdict;
    private volatile PublicKey presented;
    private volatile String name;

    /**
     * @param offered the host-key algorithms the client offers, in order
     * @param who     how the host is named in the log when its key is recorded
     */
    KnownHostsVerifier(KnownHostsFile knownHosts, List<String> offered, String who) {
        this.knownHosts = knownHosts;
        this.offered = List.copyOf(offered);
        this.who = who;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        presented = key;
        name = KnownHostsFile.lookupName(hostname, port);
        verdict = knownHosts.check(hostname, port, key, who);
        return verdict.trusted();
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return knownHosts.algorithms(hostname, port, offered);
    }

    /** The failure class of a refused key, or null if the key was not refused. */
    PollStatus refusedAs() {
        if (verdict == null || verdict.trusted()) {
            return null;
        }
        return switch (verdict.kind()) {
            case UNKNOWN, UNREADABLE -> PollStatus.HOSTKEY_UNKNOWN;
            default -> PollStatus.HOSTKEY_CHANGED;
        };
    }

    /** What was refused and what to do about it, naming the hop as {@code label}; null if nothing was refused. */
    String refusal(String label) {
        if (refusedAs() == null) {
            return null;
        }
        PublicKey plain = presented instanceof Certificate<?> c ? c.getKey() : presented;
        String key = KeyType.fromKey(plain) + " key " + sha256(plain);
        String file = knownHosts.path().toString();
        KnownHostLine line = verdict.line();
        String at = line == null ? file : file + ":" + line.number();
        return switch (verdict.kind()) {
            case UNKNOWN -> "host key of " + label + " is not known: " + name + " presents the " + key + ", which "
                    + file + " does not list; check that fingerprint with the host's administrator, then add it"
                    + " (ssh-keyscan, or one ssh login) or poll once with --accept-new";
            case CHANGED -> "HOST KEY CHANGED for " + label + ": " + name + " now presents the " + key + ", but " + at
                    + " holds another key for it, of type " + line.type() + " (REMOTE HOST IDENTIFICATION HAS CHANGED). Possible"
                    + " man-in-the-middle attack; if the host was really reinstalled, remove the old entry"
                    + " (ssh-keygen -R '" + name + "' -f " + file + ") and poll again";
            case REVOKED -> "HOST KEY REVOKED for " + label + ": " + name + " presents the " + key
                    + (line.marker() == KnownHostLine.Marker.REVOKED && !line.holds(plain) ? " signed by a CA" : "")
                    + " marked @revoked in " + at + "; refused";
            case BAD_CERTIFICATE -> "HOST CERTIFICATE REFUSED for " + label + ": the host certificate " + name
                    + " presents is signed by the CA in " + at + " but " + verdict.reason() + ", and its plain "
                    + key + " is not listed either. Possible man-in-the-middle attack";
            case UNREADABLE -> "cannot check the host key of " + label + ": " + verdict.reason();
            default -> throw new IllegalStateException(verdict.kind().toString());
        };
    }

    /** {@code SHA256:base64}, the form ssh and ssh-keygen -l print, so users can compare. */
    static String sha256(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(KnownHostLine.blobOf(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
