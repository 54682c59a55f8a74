package io.coldchain.registry.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Owns {@code sessions}. A session is found by the SHA-256 of its secret; the caller hashes (see
 * {@code SessionTokens} in the API) so that the secret itself never reaches the database.
 */
public final class SessionStore {

    /** Starts a session for {@code userId}; returns its id. */
    public long create(Connection c, byte[] tokenHash, long userId, String kind, String csrfToken) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sessions (token_hash, user_id, kind, csrf_token) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setBytes(1, tokenHash);
            ps.setLong(2, userId);
            ps.setString(3, kind);
            ps.setString(4, csrfToken);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The session with this hash if it has not been ended and its user is enabled; whether it has
     * timed out is for the caller to decide from its times.
     */
    public Optional<Session> find(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.id, u.username, u.tenant, u.role, u.region, u.display_name, u.created_at, u.disabled_at, "
                        + "s.id, s.kind, s.csrf_token, s.created_at, s.last_seen_at, now() "
                        + "FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.disabled_at IS NULL")) {
            ps.setBytes(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(
                        rs.getLong(9),
                        UserStore.user(rs),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getObject(12, OffsetDateTime.class).toInstant(),
                        rs.getObject(13, OffsetDateTime.class).toInstant(),
                        rs.getObject(14, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /** Records activity, at most once per {@code granularity} (a write per request would be wasted). */
    public void touch(Connection c, long sessionId, Duration granularity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET last_seen_at = now() WHERE id = ? AND last_seen_at < now() - ? * interval '1 millisecond'")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, granularity.toMillis());
            ps.executeUpdate();
        }
    }

    /** Ends one session (logout, timeout); true when it was live. */
    public boolean end(Connection c, long sessionId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE sessions SET ended_at = now() WHERE id = ? AND ended_at IS NULL")) {
            ps.setLong(1, sessionId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Ends every live session of a user (disabled); returns how many. */
    public int endAllOf(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE sessions SET ended_at = now() WHERE user_id = ? AND ended_at IS NULL")) {
            ps.setLong(1, userId);
            return ps.executeUpdate();
        }
    }
}
