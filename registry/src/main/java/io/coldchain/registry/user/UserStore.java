package io.coldchain.registry.user;

import io.coldchain.core.error.ColdchainException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Owns {@code users}. Accounts are never deleted (the audit trail names them): an admin disables one,
 * which also ends its sessions ({@link SessionStore#endAllOf}).
 */
public final class UserStore {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");
    private static final String COLUMNS = "id, username, tenant, role, region, display_name, created_at, disabled_at";

    /** A user with the stored hash, for login only. */
    public record Credentials(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[" + user.username() + "]";
        }
    }

    /** Whether {@code username} may name an account: 1–64 characters of {@code A-Z a-z 0-9 _ . : @ -}. */
    public static boolean validUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /**
     * Creates the account.
     *
     * @throws ColdchainException 409 {@code user_exists} when the username is taken, by anyone
     */
    public User insert(Connection c, NewUser u, String createdBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (username, tenant, role, region, display_name, password_hash, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING " + COLUMNS)) {
            ps.setString(1, u.username());
            ps.setString(2, u.tenant().orElse(null));
            ps.setString(3, u.role());
            ps.setString(4, u.region().orElse(null));
            ps.setString(5, u.displayName());
            ps.setString(6, u.passwordHash());
            ps.setString(7, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ColdchainException.conflict("user_exists", "the username " + u.username() + " is taken");
                }
                return user(rs);
            }
        }
    }

    /** The account and its hash, enabled or not. */
    public Optional<Credentials> credentials(Connection c, String username) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + ", password_hash FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Credentials(user(rs), rs.getString(9))) : Optional.empty();
            }
        }
    }

    /** The users of a tenant, by username, disabled ones included. */
    public List<User> ofTenant(Connection c, String tenant) throws SQLException {
        return list(c, "WHERE tenant = ? ORDER BY username", tenant);
    }

    /** Every regulator account, by username. */
    public List<User> regulators(Connection c) throws SQLException {
        return list(c, "WHERE role = 'regulator' ORDER BY username", null);
    }

    /** The user {@code username} of {@code tenant}, if there is one. */
    public Optional<User> ofTenant(Connection c, String tenant, String username) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE tenant = ? AND username = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
    }

    /** Disables the account (once; later calls keep the first time); returns it as it is now. */
    public User disable(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return user(rs);
            }
        }
    }

    /** How many accounts exist at all: none means a fresh installation that needs its first one. */
    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM users");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<User> list(Connection c, String where, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users " + where)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<User> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        }
    }

    static User user(ResultSet rs) throws SQLException {
        OffsetDateTime disabled = rs.getObject(8, OffsetDateTime.class);
        return new User(
                rs.getLong(1),
                rs.getString(2),
                Optional.ofNullable(rs.getString(3)),
                rs.getString(4),
                Optional.ofNullable(rs.getString(5)),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(disabled).map(OffsetDateTime::toInstant));
    }
}
