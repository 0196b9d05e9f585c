package io.tcpfleet.collector.transport;

/**
 * What known_hosts says about the key a host presented.
 *
 * @param kind   the decision
 * @param line   the known_hosts line it rests on (the conflicting, revoking or vouching line), or null
 * @param reason why a certificate was refused, or why known_hosts could not be read; else null
 */
record HostKeyVerdict(Kind kind, KnownHostLine line, String reason) {

    enum Kind {
        /** A line lists this key, or a CA line vouches for this host certificate. */
        TRUSTED,
        /** Unknown, and recorded because accept-new was asked for. */
        ADDED,
        /** No line lists this host: never seen. */
        UNKNOWN,
        /** Lines list this host, none with this key (of any type): its identity changed. */
        CHANGED,
        /** An {@code @revoked} line lists this key, whatever other lines say. */
        REVOKED,
        /** A certificate from a CA known_hosts trusts for this host, but not valid for it. */
        BAD_CERTIFICATE,
        /** known_hosts could not be read or appended to. */
        UNREADABLE
    }

    static HostKeyVerdict of(Kind kind) {
        return new HostKeyVerdict(kind, null, null);
    }

    boolean trusted() {
        return kind == Kind.TRUSTED || kind == Kind.ADDED;
    }
}
