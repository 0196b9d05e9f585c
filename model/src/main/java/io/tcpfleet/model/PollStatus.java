package io.tcpfleet.model;

/**
 * Outcome class of one host poll. The names are a public contract (JSON {@code status}, storage,
 * Zabbix value map): never rename them.
 */
public enum PollStatus {
    /** The socket table was read and tallied. */
    OK,
    /** No route, DNS failure, connect timeout: the host could not be reached. */
    UNREACHABLE,
    /** The host answered the connect with a reset: nothing listens on the port. */
    REFUSED,
    /** The host was reached but did not finish within its deadline. */
    TIMEOUT,
    /**
     * The port answered but the SSH conversation failed before the command could run: not an SSH
     * server (it closed at once or spoke another protocol), no algorithm in common, or the
     * connection broke while logging in.
     */
    PROTOCOL_ERROR,
    /** The host's key is not in known_hosts and accepting new keys was not asked for. */
    HOSTKEY_UNKNOWN,
    /**
     * The host's key differs from every key known_hosts holds for it (of any type), is marked
     * {@code @revoked}, or is a certificate its CA does not vouch for: possible man in the middle.
     */
    HOSTKEY_CHANGED,
    /** No offered credential was accepted. */
    AUTH_FAILED,
    /** The command ran but failed (for example no /proc/net/tcp: not Linux). */
    COMMAND_FAILED,
    /** The output held no parseable socket row. */
    PARSE_FAILED,
    /** The output exceeded the configured byte limit. */
    OUTPUT_TOO_LARGE;

    public boolean ok() {
        return this == OK;
    }
}
