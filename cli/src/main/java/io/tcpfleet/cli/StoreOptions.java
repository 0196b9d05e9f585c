package io.tcpfleet.cli;

import io.tcpfleet.storage.DaemonInfo;
import io.tcpfleet.storage.DataDirectory;
import io.tcpfleet.storage.DatabaseInUseException;
import io.tcpfleet.storage.SampleStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --db}: where samples live. Default: the H2 file database in the data directory. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "JDBC URL of the sample database (default: H2 file in $TCPFLEET_HOME, "
                    + "else ~/.local/share/tcpfleet).")
    String jdbcUrl;

    /**
     * Opens the store for a command that reads or writes and ends. Closing it is the command's job
     * (try-with-resources); if SIGTERM or Ctrl-C ends the JVM first, a shutdown hook closes it in
     * order (pool, then database SHUTDOWN). The hook lives only as long as the store: closing the
     * store removes it. While a {@code tcpfleet collect} owns the default database, this reaches it
     * through the daemon's loopback server instead.
     */
    SampleStore open() {
        SampleStore store = jdbcUrl != null ? SampleStore.open(jdbcUrl) : openDefault(dataDirectory());
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

    /**
     * The database itself, for the daemon that serves it (never through another daemon). No close
     * hook: the daemon closes it only after its last sweep is stored.
     */
    SampleStore openOwned() {
        return jdbcUrl != null ? SampleStore.open(jdbcUrl) : SampleStore.openDefault(dataDirectory());
    }

    /** True when samples live in the default embedded database (the one a daemon can serve). */
    boolean isDefault() {
        return jdbcUrl == null;
    }

    Path dataDirectory() {
        return DataDirectory.fromEnvironment().path();
    }

    private static SampleStore openDefault(Path dir) {
        Optional<DaemonInfo> daemon = DaemonInfo.read(dir);
        if (daemon.isPresent()) {
            return SampleStore.openServed(daemon.get());
        }
        try {
            return SampleStore.openDefault(dir);
        } catch (DatabaseInUseException e) {
            // A daemon may have started between our look and our open: ask once more.
            return DaemonInfo.read(dir).map(SampleStore::openServed).orElseThrow(() -> e);
        }
    }
}
