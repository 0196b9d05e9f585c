package io.tcpfleet.collector.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The remote loop that serves every poll of a kept connection, so that sshd starts the user's
 * login shell (and its rc files) once per connection instead of once per poll.
 *
 * <p>sshd runs {@code $SHELL -c COMMAND}; whatever that shell is (sh, dash, bash, zsh, ksh, ...),
 * it only has to {@code exec /bin/sh} with a single-quoted POSIX script, so the loop always runs in
 * /bin/sh. Per line read on stdin (a request: a fresh nonce, the only thing tcpfleet ever sends,
 * and only ever as data) it prints, all on stdout:
 * <pre>
 * NONCE begin
 * (the bytes of cat /proc/net/tcp /proc/net/tcp6)
 * \nNONCE end STATUS          cat's exit status
 * CAT'S STDERR\n
 * NONCE done
 * </pre>
 * cat's stderr is captured in-band (through fd 3), so it is framed with its answer even when an rc
 * file redirected the session's stderr. Nothing is interpolated: the command is this constant.
 */
final class ShellLoop {

    /** The one command a kept connection runs (documented in the README). */
    static final String COMMAND = "exec /bin/sh -c 'exec 3>&1; while read -r n; do printf \"%s begin\\n\" \"$n\";"
            + " e=$(cat /proc/net/tcp /proc/net/tcp6 2>&1 >&3 </dev/null); s=$?;"
            + " printf \"\\n%s end %s\\n%s\\n%s done\\n\" \"$n\" \"$s\" \"$e\" \"$n\"; done'";

    /**
     * Nonce letters: none occurs in a socket table (hex digits, spaces, ':', lower-case header
     * words), so the marker search skips a marker's length at a time, and the table can never
     * contain a marker.
     */
    private static final byte[] LETTERS = "GHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);
    /** 32 of 20 letters: 138 bits. */
    private static final int NONCE_LENGTH = 32;

    private final SecureRandom random = new SecureRandom();

    /** A fresh nonce for one request. */
    String nonce() {
        byte[] r = new byte[NONCE_LENGTH];
        random.nextBytes(r);
        byte[] n = new byte[NONCE_LENGTH];
        for (int i = 0; i < n.length; i++) {
            n[i] = LETTERS[(r[i] & 0xff) % LETTERS.length];
        }
        return new String(n, StandardCharsets.US_ASCII);
    }

    static byte[] request(String nonce) {
        return ascii(nonce + "\n");
    }

    static byte[] begin(String nonce) {
        return ascii(nonce + " begin\n");
    }

    /** Followed by the status digits and a newline. */
    static byte[] end(String nonce) {
        return ascii("\n" + nonce + " end ");
    }

    /** Ends cat's stderr, which ends with the newline printf adds. */
    static byte[] done(String nonce) {
        return ascii("\n" + nonce + " done\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
