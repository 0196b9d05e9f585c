package io.tcpfleet.cli;

import io.tcpfleet.storage.ClusterStore;
import io.tcpfleet.storage.DaemonInfo;
import io.tcpfleet.storage.DataDirectory;
import io.tcpfleet.storage.DatabaseInUseException;
import io.tcpfleet.storage.DbPassword;
import io.tcpfleet.storage.OpenMode;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoreUse;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --db} and {@code --db-password-file}: where samples live. Default: the H2 file database in
 * the data directory. The password of a PostgreSQL database never goes on the command line (anyone
 * can read one with ps): it comes from {@code --db-password-file}, {@code TCPFLEET_DB_PASSWORD} or
 * {@code ~/.pgpass} ({@link DbPassword}).
 */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "JDBC URL of the sample database: jdbc:postgresql://HOST:PORT/DB?user=U, or jdbc:h2:file:PATH"
                    + " (default: H2 file in $TCPFLEET_HOME, else $HOME/.local/share/tcpfleet).")
    String jdbcUrl;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "File whose first line is the database password (else TCPFLEET_DB_PASSWORD, else ~/.pgpass).")
    Path passwordFile;

    /**
     * Opens the store for a command that reads and ends. Creates nothing: a missing database is an
     * error ("no samples yet"). Closing it is the command's job (try-with-resources); if SIGTERM or
     * Ctrl-C ends the JVM first, a shutdown hook closes it in order (pool, then database SHUTDOWN).
     * The hook lives only as long as the store: closing the store removes it. While a
     * {@code tcpfleet collect} owns the default database, this reaches it through the daemon's
     * loopback server instead.
     */
    SampleStore open() {
        return withCloseHook(open(OpenMode.EXISTING, StoreUse.SHARED));
    }

    /**
     * Like {@link #open()}, for a one-shot command that stores samples (poll): creates the database
     * if needed, and connects without a pool ({@link StoreUse#ONE_SHOT}).
     */
    SampleStore openForWriting() {
        return withCloseHook(open(OpenMode.CREATE, StoreUse.ONE_SHOT));
    }

    /**
     * The database itself, for the daemon that serves it (never through another daemon). No close
     * hook: the daemon closes it only after its last sweep is stored.
     */
    SampleStore openOwned() {
        return jdbcUrl != null ? SampleStore.open(jdbcUrl, password(), OpenMode.CREATE)
                : SampleStore.openDefault(dataDirectory(), OpenMode.CREATE);
    }

    /** True when samples live in PostgreSQL: every collector on one such database joins its cluster. */
    boolean isPostgres() {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** The cluster's membership and claims in the same PostgreSQL database, with the same login; see {@link ClusterStore#open}. */
    ClusterStore openCluster(java.time.Duration waitForConnection) {
        return ClusterStore.open(jdbcUrl, password(), waitForConnection);
    }

    /** True when samples live in the default embedded database (the one a daemon can serve). */
    boolean isDefault() {
        return jdbcUrl == null;
    }

    Path dataDirectory() {
        return DataDirectory.fromEnvironment().path();
    }

    private SampleStore open(OpenMode mode, StoreUse use) {
        return jdbcUrl != null ? SampleStore.open(jdbcUrl, password(), mode, use) : openDefault(dataDirectory(), mode, use);
    }

    private String password() {
        if (DbPassword.inUrl(jdbcUrl)) {
            throw new UsageException("--db must not hold the password (anyone can read a command line): put it in"
                    + " TCPFLEET_DB_PASSWORD, --db-password-file FILE or ~/.pgpass");
        }
        return DbPassword.resolve(jdbcUrl, passwordFile, System.getenv());
    }

    private SampleStore openDefault(Path dir, OpenMode mode, StoreUse use) {
        if (passwordFile != null) {
            throw new UsageException("--db-password-file goes with --db jdbc:postgresql://...");
        }
        Optional<DaemonInfo> daemon = DaemonInfo.read(dir);
        if (daemon.isPresent()) {
            return SampleStore.openServed(daemon.get(), use);
        }
        try {
            return SampleStore.openDefault(dir, mode, use);
        } catch (DatabaseInUseException e) {
            // A daemon may have started between our look and our open: ask once more.
            return DaemonInfo.read(dir).map(d -> SampleStore.openServed(d, use)).orElseThrow(() -> e);
        }
    }

    private static SampleStore withCloseHook(SampleStore store) {
        Thread hook = new Thread(store::close, "tcpfleet-store-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        store.onClose(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what is closing the store
            }
        });
        return store;
    }
}
