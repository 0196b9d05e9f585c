package io.tcpfleet.model;

import java.util.regex.Pattern;

/**
 * What a host name may be: the characters and length that every consumer accepts. The Zabbix
 * check script {@code zabbix/tcpfleet.sh} checks its host argument against the same set (a test
 * ties the two), the HTTP API takes the name in a URL path, and terminals print it as is. Names
 * include identities like {@code ops@10.0.0.1:22} and {@code [2001:db8::1]:22}, hence {@code @},
 * {@code :} and the brackets.
 */
public final class HostName {

    /** The allowed characters, as the body of a regular-expression character class. */
    public static final String CHARACTERS = "A-Za-z0-9._:@\\[\\]-";

    /** At most this many characters: the storage column's width. */
    public static final int MAX_LENGTH = Host.MAX_NAME_LENGTH;

    private static final Pattern VALID = Pattern.compile("[" + CHARACTERS + "]+");

    private HostName() {
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * Why {@code name} cannot be a host name, said for the user, or {@code null} when it can. The
     * reason quotes the name as is: escape it ({@link TerminalText}) before printing.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty host name";
        }
        if (name.length() > MAX_LENGTH) {
            return "host name longer than " + MAX_LENGTH + " characters";
        }
        if (!VALID.matcher(name).matches()) {
            return "host name '" + name + "' has characters other than letters, digits and . _ : @ [ ] -";
        }
        if (name.startsWith("-") || name.startsWith(".")) {
            // a leading '-' reads as an option to the tools that get it as an argument
            return "host name '" + name + "' starts with '" + name.charAt(0) + "'";
        }
        return null;
    }
}
