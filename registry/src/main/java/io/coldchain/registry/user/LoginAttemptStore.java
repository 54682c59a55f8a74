package io.coldchain.registry.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Owns {@code login_attempts}: every attempt, kept as the audit trail of logins, and counted to slow
 * down guessing.
 */
public final class LoginAttemptStore {

    /** Failed attempts within {@code window}: for the username since its last success, and from the address. */
    public record Failures(int forUsername, int fromAddress) {
        public int worst() {
            return Math.max(forUsername, fromAddress);
        }
    }

    public void record(Connection c, String username, String address, boolean succeeded) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO login_attempts (username, address, succeeded) VALUES (?, ?, ?)")) {
            ps.setString(1, username.length() > 64 ? username.substring(0, 64) : username);
            ps.setString(2, address);
            ps.setBoolean(3, succeeded);
            ps.executeUpdate();
        }
    }

    /**
     * Recent failures. A success clears the username's count (its owner is back), not the address's: one
     * address guessing many usernames stays slowed however often one of them is right.
     */
    public Failures recentFailures(Connection c, String username, String address, Duration window) throws SQLException {
        String name = username.length() > 64 ? username.substring(0, 64) : username;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM login_attempts WHERE username = ? AND NOT succeeded AND at > now() - ? * interval '1 millisecond'"
                        + "   AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = ? AND succeeded), '-infinity')),"
                        + " (SELECT count(*) FROM login_attempts WHERE address = ? AND NOT succeeded AND at > now() - ? * interval '1 millisecond')")) {
            ps.setString(1, name);
            ps.setLong(2, window.toMillis());
            ps.setString(3, name);
            ps.setString(4, address);
            ps.setLong(5, window.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Failures(rs.getInt(1), rs.getInt(2));
            }
        }
    }
}
