package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Strict known_hosts checking for one connection against the transport's shared
 * {@link KnownHostsFile}, remembering why a key was refused so that the failure can be classified.
 * Unknown keys are refused unless accept-new; a changed key is always refused.
 */
final class KnownHostsVerifier implements HostKeyVerifier {

    private final KnownHostsFile knownHosts;
    private volatile KnownHostsFile.Outcome outcome;
    private volatile String fingerprint;

    KnownHostsVerifier(KnownHostsFile knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        fingerprint = sha256(key);
        try {
            outcome = knownHosts.check(hostname, port, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + knownHosts.path(), e);
        }
        return outcome == KnownHostsFile.Outcome.TRUSTED || outcome == KnownHostsFile.Outcome.ADDED;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        try {
            return knownHosts.algorithms(hostname, port);
        } catch (IOException e) {
            return List.of();
        }
    }

    KnownHostsFile.Outcome outcome() {
        return outcome;
    }

    String fingerprint() {
        return fingerprint;
    }

    String file() {
        return knownHosts.path().toString();
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
