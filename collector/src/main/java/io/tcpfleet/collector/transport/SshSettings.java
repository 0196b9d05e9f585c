package io.tcpfleet.collector.transport;

import io.tcpfleet.model.UserHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How tcpfleet logs in and how long it waits.
 *
 * @param knownHosts      the known_hosts file checked strictly (and appended to with acceptNew)
 * @param acceptNew       record the key of a host not in known_hosts (OpenSSH {@code accept-new});
 *                        a changed key is refused regardless
 * @param identities      private key files tried in order after a host's own IdentityFile; empty
 *                        means the OpenSSH defaults that exist (~/.ssh/id_ed25519, id_ecdsa, id_rsa)
 * @param passphrase      passphrase of encrypted keys, or {@code null}; read from an environment
 *                        variable or a file by the caller, never from argv
 * @param password        password for password authentication, or {@code null}; same rule
 * @param defaultUser     user for hosts that name none
 * @param jump            jump host(s) for hosts that name none ({@code [user@]host[:port]}, a comma-separated
 *                        chain as OpenSSH's ProxyJump), or null
 * @param connectTimeout  TCP connect
 * @param authTimeout     each SSH protocol wait: banner, key exchange, authentication, channel open
 * @param deadline        the whole poll of one host, enforced by closing the connection
 * @param maxOutputBytes  output beyond this fails the host with OUTPUT_TOO_LARGE
 * @param agentSocket     the ssh-agent's socket ({@code SSH_AUTH_SOCK}) whose keys are tried, or null
 * @param sshDirectory    the user's {@code ~/.ssh} ({@code $HOME/.ssh}), where the default key files are
 */
public record SshSettings(Path knownHosts, boolean acceptNew, List<Path> identities, char[] passphrase,
                          char[] password, String defaultUser, String jump, Duration connectTimeout,
                          Duration authTimeout, Duration deadline, long maxOutputBytes, Path agentSocket,
                          Path sshDirectory) {

    public static final long DEFAULT_MAX_OUTPUT = 256L << 20;

    public SshSettings {
        Objects.requireNonNull(knownHosts, "knownHosts");
        identities = List.copyOf(identities);
        Objects.requireNonNull(defaultUser, "defaultUser");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(authTimeout, "authTimeout");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(sshDirectory, "sshDirectory");
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes < 1");
        }
    }

    /**
     * Strict known_hosts in ~/.ssh, default keys, 5 s connect, 10 s per protocol step, 30 s per
     * host; {@code ~} is {@code $HOME}, as for OpenSSH, not Java's {@code user.home}.
     */
    public static SshSettings defaults() {
        return defaults(UserHome.get());
    }

    /** The defaults for a user whose home directory is {@code home}. */
    public static SshSettings defaults(Path home) {
        Path ssh = home.resolve(".ssh");
        return new SshSettings(ssh.resolve("known_hosts"), false, List.of(), null, null,
                System.getProperty("user.name"), null, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), DEFAULT_MAX_OUTPUT, null, ssh);
    }

    public SshSettings withKnownHosts(Path file, boolean acceptNewKeys) {
        return new SshSettings(file, acceptNewKeys, identities, passphrase, password, defaultUser, jump,
                connectTimeout, authTimeout, deadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    public SshSettings withIdentities(List<Path> files) {
        return new SshSettings(knownHosts, acceptNew, files, passphrase, password, defaultUser, jump,
                connectTimeout, authTimeout, deadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    public SshSettings withSecrets(char[] keyPassphrase, char[] loginPassword) {
        return new SshSettings(knownHosts, acceptNew, identities, keyPassphrase, loginPassword, defaultUser,
                jump, connectTimeout, authTimeout, deadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    public SshSettings withTimeouts(Duration connect, Duration auth, Duration hostDeadline) {
        return new SshSettings(knownHosts, acceptNew, identities, passphrase, password, defaultUser, jump,
                connect, auth, hostDeadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    public SshSettings withJump(String jumpHost) {
        return new SshSettings(knownHosts, acceptNew, identities, passphrase, password, defaultUser, jumpHost,
                connectTimeout, authTimeout, deadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    public SshSettings withMaxOutputBytes(long max) {
        return new SshSettings(knownHosts, acceptNew, identities, passphrase, password, defaultUser, jump,
                connectTimeout, authTimeout, deadline, max, agentSocket, sshDirectory);
    }

    /** Tries the keys of the ssh-agent listening on {@code socket} (null: no agent). */
    public SshSettings withAgent(Path socket) {
        return new SshSettings(knownHosts, acceptNew, identities, passphrase, password, defaultUser, jump,
                connectTimeout, authTimeout, deadline, maxOutputBytes, socket, sshDirectory);
    }

    public SshSettings withDefaultUser(String user) {
        return new SshSettings(knownHosts, acceptNew, identities, passphrase, password, user, jump,
                connectTimeout, authTimeout, deadline, maxOutputBytes, agentSocket, sshDirectory);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "SshSettings[knownHosts=" + knownHosts + ", acceptNew=" + acceptNew + ", identities=" + identities
                + ", passphrase=" + (passphrase == null ? "none" : "***") + ", password="
                + (password == null ? "none" : "***") + ", defaultUser=" + defaultUser + ", jump=" + jump
                + ", connectTimeout=" + connectTimeout + ", authTimeout=" + authTimeout + ", deadline=" + deadline
                + ", maxOutputBytes=" + maxOutputBytes + ", agentSocket=" + agentSocket + ", sshDirectory=" + sshDirectory
                + "]";
    }
}
