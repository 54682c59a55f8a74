package io.coldchain.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * PostgreSQL advisory locks: how instances sharing one database agree that only one of them does a
 * piece of work at a time. Blocking JDBC on the caller's connection.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {}

    /**
     * Waits for the locks {@code (space, key)} of every key, taken one after the other in the order
     * given (callers sort them: a common order is what keeps two lockers from deadlocking), in one
     * statement; held until the caller's transaction ends.
     */
    public static void lockAllForTransaction(Connection c, int space, int[] keys) throws SQLException {
        if (keys.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_advisory_xact_lock(?, u.k)) FROM "
                + "(SELECT k FROM unnest(?::int[]) WITH ORDINALITY AS u(k, o) ORDER BY o) u")) {
            ps.setInt(1, space);
            ps.setArray(2, c.createArrayOf("int4", Arrays.stream(keys).boxed().toArray()));
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
