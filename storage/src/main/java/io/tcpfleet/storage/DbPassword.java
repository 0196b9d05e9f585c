package io.tcpfleet.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where a database password comes from, never the command line: a password file named on it
 * ({@code --db-password-file}), else {@code TCPFLEET_DB_PASSWORD}, else libpq's password file
 * ({@code $PGPASSFILE}, else {@code $HOME/.pgpass}: {@link PgPassFile}).
 */
public final class DbPassword {

    public static final String ENV = "TCPFLEET_DB_PASSWORD";

    private DbPassword() {
    }

    /**
     * The password for {@code jdbcUrl}, or {@code null} when none is configured. The environment and
     * the password file of libpq apply to PostgreSQL URLs only (tcpfleet's H2 databases have none).
     *
     * @param passwordFile a file whose first line is the password, or {@code null}
     * @param env          the environment (TCPFLEET_DB_PASSWORD, PGPASSFILE, HOME)
     */
    public static String resolve(String jdbcUrl, Path passwordFile, Map<String, String> env) {
        if (passwordFile != null) {
            return firstLine(passwordFile);
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            return null;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String pgpass = env.get("PGPASSFILE");
        Path file = pgpass != null && !pgpass.isBlank() ? Path.of(pgpass) : DataDirectory.home(env).resolve(".pgpass");
        Properties p = target(jdbcUrl);
        String host = p.getProperty("PGHOST", "localhost").split(",")[0];
        String port = p.getProperty("PGPORT", "5432").split(",")[0];
        String user = p.getProperty("user", System.getProperty("user.name"));
        String database = p.getProperty("PGDBNAME", user);
        return PgPassFile.lookup(file, host, port, database, user).orElse(null);
    }

    /** Whether a JDBC URL carries a password, which must not go on a command line. */
    public static boolean inUrl(String jdbcUrl) {
        return jdbcUrl.toLowerCase(java.util.Locale.ROOT).matches("(?s).*[?&;]password=.*");
    }

    /** Host, port, database and user as the driver reads the URL; an empty password stops it reading .pgpass itself. */
    private static Properties target(String jdbcUrl) {
        Properties info = new Properties();
        info.setProperty("password", "");
        Properties p = Driver.parseURL(jdbcUrl, info);
        if (p == null) {
            throw new StoreException("not a PostgreSQL JDBC URL: " + Redact.url(jdbcUrl));
        }
        return p;
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
            if (line.isEmpty()) {
                throw new StoreException("password file " + file + " is empty: its first line is the password");
            }
            return line;
        } catch (IOException e) {
            throw new StoreException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }
}
