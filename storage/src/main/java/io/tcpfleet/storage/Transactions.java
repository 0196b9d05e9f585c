package io.tcpfleet.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one transaction on a connection, restoring its auto-commit mode afterwards. */
final class Transactions {

    private Transactions() {
    }

    /** Commits what {@code work} did, or rolls it all back and rethrows. */
    static <T> T run(Connection c, Dialect.SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException broken) {
                e.addSuppressed(broken); // the connection broke: the transaction is gone with it
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
