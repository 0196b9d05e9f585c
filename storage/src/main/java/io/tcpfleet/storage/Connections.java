package io.tcpfleet.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Where a store's work gets its connection: a pool ({@link StoreUse#SHARED}) or one connection ({@link StoreUse#ONE_SHOT}). */
interface Connections {

    /** Runs {@code work} on a connection this source lends for its duration. */
    <T> T with(Work<T> work) throws SQLException;

    /** Lets go of the connections this source made (not of a connection it was given). */
    void close();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A small HikariCP pool, for stores several threads use over a long life. */
    static Connections pooled(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setPoolName("tcpfleet");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000); // a store that is down shows within seconds (a daemon buffers meanwhile)
        HikariDataSource pool = new HikariDataSource(config);
        return new Connections() {
            @Override
            public <T> T with(Work<T> work) throws SQLException {
                try (Connection c = pool.getConnection()) {
                    return work.run(c);
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /**
     * The one connection a one-shot store opened (its owner closes it): work runs on it one at a
     * time. No pool: a command that does one thing and ends would only pay for building one.
     */
    static Connections single(Connection connection) {
        return new Connections() {
            @Override
            public <T> T with(Work<T> work) throws SQLException {
                synchronized (connection) {
                    return work.run(connection);
                }
            }

            @Override
            public void close() {
                // the store closes the connection itself, after shutting an embedded database down through it
            }
        };
    }
}
