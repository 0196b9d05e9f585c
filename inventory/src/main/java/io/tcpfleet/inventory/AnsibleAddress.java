package io.tcpfleet.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code parse_address}: a host identifier (host name, IPv4 or IPv6 address, any of them
 * with {@code [x:y]} ranges) and an optional port, {@code host:22} or {@code [addr]:22}. A port
 * for an IPv6 address needs the brackets. The patterns are Ansible's own.
 */
final class AnsibleAddress {

    /** A parsed identifier; {@code port} is null when none was given. */
    record Parsed(String host, Integer port) {
    }

    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String I6 = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String I4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("\\[(.+)\\]:([0-9]+)");
    private static final Pattern HOSTPORT = Pattern.compile("((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)");
    private static final Pattern IPV4 = Pattern.compile("(?:" + I4 + "\\.){3}" + I4, Pattern.CASE_INSENSITIVE);
    // As in Ansible, only the last alternative is anchored at the end: "fe80::1%eth0" passes.
    private static final Pattern IPV6 = Pattern.compile(String.join("|",
            "(?:" + I6 + ":){7}" + I6,
            "(?:" + I6 + ":){1,6}:",
            "(?:" + I6 + ":)(?::" + I6 + "){1,6}",
            "(?:" + I6 + ":){2}(?::" + I6 + "){1,5}",
            "(?:" + I6 + ":){3}(?::" + I6 + "){1,4}",
            "(?:" + I6 + ":){4}(?::" + I6 + "){1,3}",
            "(?:" + I6 + ":){5}(?::" + I6 + "){1,2}",
            "(?:" + I6 + ":){6}(?::" + I6 + ")",
            ":(?::" + I6 + "){1,6}",
            I6 + "?::",
            "(?:0:){6}(?:" + I6 + "\\.){3}" + I6,
            "::(?:ffff:)?(?:" + I6 + "\\.){3}" + I6,
            "(?:0:){5}ffff:(?:" + I6 + "\\.){3}" + I6 + "$"), Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    private AnsibleAddress() {
    }

    /** The identifier and port, or null when {@code s} is not one (Ansible then takes it verbatim). */
    static Parsed parse(String s) {
        String address = s;
        Integer port = null;
        for (Pattern p : new Pattern[] {BRACKETED_HOSTPORT, HOSTPORT}) {
            Matcher m = p.matcher(address);
            if (m.matches()) {
                address = m.group(1);
                port = m.group(2).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(m.group(2));
            }
        }
        if (IPV4.matcher(address).matches() || IPV6.matcher(address).lookingAt() || HOSTNAME.matcher(address).matches()) {
            return new Parsed(address, port);
        }
        return null;
    }
}
