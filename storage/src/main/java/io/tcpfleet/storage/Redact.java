package io.tcpfleet.storage;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of messages and logs: a password in a JDBC URL, and the secret database name
 * that opens a daemon's database ({@link StoreServer}).
 */
final class Redact {

    private static final Pattern PASSWORD = Pattern.compile("(?i)((?:[?&;]|^)password=)[^&;\\s]*");
    private static final Pattern SERVED_KEY = Pattern.compile("tcpfleet-[0-9a-fA-F]{8,}");
    static final String MASK = "***";

    private Redact() {
    }

    /** The URL as it may be shown: without its settings (after {@code ;}) and with secrets masked. */
    static String url(String jdbcUrl) {
        int semi = jdbcUrl.indexOf(';');
        return message(semi < 0 ? jdbcUrl : jdbcUrl.substring(0, semi));
    }

    /** Any text with passwords and served-database secrets masked. */
    static String message(String text) {
        if (text == null) {
            return null;
        }
        String s = PASSWORD.matcher(text).replaceAll("$1" + MASK);
        return SERVED_KEY.matcher(s).replaceAll("tcpfleet-" + MASK);
    }

    /**
     * The driver's exception with its message masked and without its causes (whose messages may
     * hold the secret too), keeping its stack trace for {@code --debug}.
     */
    static SQLException exception(SQLException e) {
        SQLException safe = new SQLException(message(e.getMessage()), e.getSQLState(), e.getErrorCode());
        safe.setStackTrace(e.getStackTrace());
        return safe;
    }
}
