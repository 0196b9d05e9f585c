package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.util.regex.Pattern;

/**
 * What an address or a user may be before tcpfleet connects with it or stores it: within the
 * storage columns, and nothing a terminal, a log line or ssh itself would take for something else.
 * Each check returns why a value is refused, or null.
 */
final class ValueChecks {

    private static final int SHOWN = 80;
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_.:%-]+");

    private ValueChecks() {
    }

    /** A DNS name or an IP literal (an IPv6 zone after {@code %}). */
    static String address(String address) {
        if (address.codePointCount(0, address.length()) > Host.MAX_ADDRESS_LENGTH) {
            return "longer than " + Host.MAX_ADDRESS_LENGTH + " characters";
        }
        if (!ADDRESS.matcher(address).matches() || address.startsWith("-")) {
            return "not a host name or address";
        }
        return null;
    }

    /**
     * What OpenSSH's {@code valid_ruser} accepts as a remote user (no shell metacharacters, no
     * leading '-'), without blanks, controls or backslashes, within the column.
     */
    static String user(String user) {
        if (user.codePointCount(0, user.length()) > Host.MAX_USER_LENGTH) {
            return "longer than " + Host.MAX_USER_LENGTH + " characters";
        }
        if (user.isEmpty() || user.startsWith("-") || user.codePoints().anyMatch(c -> c <= ' ' || c == 0x7f
                || "'`\"\\;&<>|(){}".indexOf(c) >= 0 || Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT)) {
            return "not a user name ssh accepts";
        }
        return null;
    }

    /** {@code 'value'} for a message, long values cut ({@link InventoryProblem} escapes it for printing). */
    static String quote(String value) {
        String v = value.codePointCount(0, value.length()) > SHOWN
                ? value.substring(0, value.offsetByCodePoints(0, SHOWN)) + "..." : value;
        return "'" + v + "'";
    }
}
