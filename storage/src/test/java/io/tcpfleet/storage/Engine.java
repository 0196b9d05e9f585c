package io.tcpfleet.storage;

import io.tcpfleet.testkit.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The engines every storage test runs on: an H2 file in the test's temporary directory, and a
 * fresh database on a real PostgreSQL server started once for the test JVM ({@link PostgresServer}).
 * Without PostgreSQL installed its runs are skipped, unless TCPFLEET_E2E=required (CI) makes that
 * a failure.
 */
enum Engine {
    H2 {
        @Override
        TestDatabase create(Path dir) {
            return new TestDatabase(this, "jdbc:h2:file:" + dir.resolve("tcpfleet"), null);
        }
    },
    POSTGRESQL {
        @Override
        TestDatabase create(Path dir) {
            if (!PostgresServer.installed()) {
                if ("required".equals(System.getenv("TCPFLEET_E2E"))) {
                    throw new AssertionError("TCPFLEET_E2E=required but PostgreSQL 15 is not installed in " + PostgresServer.BIN);
                }
                Assumptions.abort("PostgreSQL 15 is not installed");
            }
            PostgresServer pg = PostgresServer.shared();
            return new TestDatabase(this, pg.jdbcUrl(pg.createDatabase()), pg.password());
        }
    };

    /** A new, empty database of this engine. */
    abstract TestDatabase create(Path dir);

    /** Where a test's samples live, and how to open them again. */
    record TestDatabase(Engine engine, String url, String password) {
        SampleStore open() {
            return open(OpenMode.CREATE);
        }

        SampleStore open(OpenMode mode) {
            return SampleStore.open(url, password, mode);
        }

        SampleStore open(OpenMode mode, StoreUse use) {
            return SampleStore.open(url, password, mode, use);
        }
    }
}
