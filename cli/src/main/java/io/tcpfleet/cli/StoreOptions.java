package io.tcpfleet.cli;

import io.tcpfleet.storage.DataDirectory;
import io.tcpfleet.storage.SampleStore;
import picocli.CommandLine.Option;

/** {@code --db}: where samples live. Default: the H2 file database in the data directory. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "JDBC URL of the sample database (default: H2 file in $TCPFLEET_HOME, "
                    + "else ~/.local/share/tcpfleet).")
    String jdbcUrl;

    /**
     * Opens the store and makes sure it is closed in order (pool, then database SHUTDOWN) even when
     * the JVM is stopped by SIGTERM or Ctrl-C while the command runs.
     */
    SampleStore open() {
        SampleStore store = jdbcUrl != null ? SampleStore.open(jdbcUrl)
                : SampleStore.openDefault(DataDirectory.fromEnvironment().path());
        // close() is idempotent: the command's own try-with-resources usually gets there first.
        Runtime.getRuntime().addShutdownHook(new Thread(store::close, "tcpfleet-store-shutdown"));
        return store;
    }
}
