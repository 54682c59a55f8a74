package io.coldchain.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL advisory locks: how instances sharing one database agree that only one of them does a
 * piece of work at a time. Blocking JDBC on the caller's connection.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {}

    /** Waits for the lock {@code (space, key)}; held until the caller's transaction ends. */
    public static void lockForTransaction(Connection c, int space, int key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, space);
            ps.setInt(2, key);
            ps.execute();
        }
    }

    /** Takes the session lock named {@code name} if it is free; false when another session holds it. */
    public static boolean tryLock(Connection c, String name) throws SQLException {
        return ask(c, "SELECT pg_try_advisory_lock(hashtext(?))", name);
    }

    /** Releases the session lock named {@code name}; false when this session did not hold it. */
    public static boolean unlock(Connection c, String name) throws SQLException {
        return ask(c, "SELECT pg_advisory_unlock(hashtext(?))", name);
    }

    private static boolean ask(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
