package io.tcpfleet.collector.transport;

import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Strict known_hosts checking for one connection, remembering why a key was refused so the
 * failure can be classified. Unknown keys are refused unless {@code acceptNew}, which appends them
 * (like OpenSSH's {@code StrictHostKeyChecking accept-new}); a changed key is always refused.
 * Hashed entries, {@code [host]:port} and {@code @cert-authority} come from sshj's parser.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

    enum Outcome { NONE, UNKNOWN, CHANGED, ADDED }

    private final boolean acceptNew;
    private volatile Outcome outcome = Outcome.NONE;
    private volatile String fingerprint;

    KnownHostsVerifier(File knownHosts, boolean acceptNew) throws IOException {
        super(knownHosts);
        this.acceptNew = acceptNew;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        fingerprint = sha256(key);
        if (!acceptNew) {
            outcome = Outcome.UNKNOWN;
            return false;
        }
        try {
            HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
            synchronized (KnownHostsVerifier.class) { // appends from concurrent polls must not interleave
                entries().add(entry);
                write(entry);
            }
            outcome = Outcome.ADDED;
            return true;
        } catch (IOException e) {
            outcome = Outcome.UNKNOWN;
            return false;
        }
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        fingerprint = sha256(key);
        outcome = Outcome.CHANGED;
        return false;
    }

    Outcome outcome() {
        return outcome;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** {@code SHA256:base64}, the form ssh and ssh-keygen -l print, so users can compare. */
    static String sha256(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            return SecurityUtils.getFingerprint(key); // every JDK has SHA-256; MD5 as a last resort
        }
    }
}
