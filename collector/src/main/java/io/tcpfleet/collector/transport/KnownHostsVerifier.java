package io.tcpfleet.collector.transport;

import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
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
        fingerprint = SecurityUtils.getFingerprint(key);
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
        fingerprint = SecurityUtils.getFingerprint(key);
        outcome = Outcome.CHANGED;
        return false;
    }

    Outcome outcome() {
        return outcome;
    }

    String fingerprint() {
        return fingerprint;
    }
}
