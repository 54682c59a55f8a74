package io.coldchain.registry.credential;

import io.coldchain.core.credential.MqttIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Owns {@code mqtt_credentials}. Callers hold the transaction. */
public final class MqttCredentialStore {
    private static final String COLUMNS = "tenant, name, kind, password_hash, previous_hash, previous_valid_until, "
            + "created_at, rotated_at, revoked_at";

    /**
     * Creates the credential, or replaces a revoked one of the same name. Empty when a live credential
     * of that name exists (the caller answers 409).
     */
    public Optional<MqttCredential> insert(
            Connection c, String tenant, String name, MqttIdentity.Kind kind, String hash) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO mqtt_credentials (tenant, name, kind, password_hash) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (tenant, name) DO UPDATE SET kind = EXCLUDED.kind, "
                        + "password_hash = EXCLUDED.password_hash, previous_hash = NULL, previous_valid_until = NULL, "
                        + "created_at = now(), rotated_at = NULL, revoked_at = NULL WHERE mqtt_credentials.revoked_at IS NOT NULL "
                        + "RETURNING " + COLUMNS)) {
            ps.setString(1, tenant);
            ps.setString(2, name);
            ps.setString(3, MqttCredential.kindName(kind));
            ps.setString(4, hash);
            return one(ps);
        }
    }

    /** The credential, live or revoked. */
    public Optional<MqttCredential> find(Connection c, String tenant, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM mqtt_credentials WHERE tenant = ? AND name = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, name);
            return one(ps);
        }
    }

    /** The tenant's credentials, revoked ones included, by name. */
    public List<MqttCredential> list(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM mqtt_credentials WHERE tenant = ? ORDER BY name")) {
            ps.setString(1, tenant);
            List<MqttCredential> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** Revokes a live credential; empty when there is none of that name. */
    public Optional<MqttCredential> revoke(Connection c, String tenant, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE mqtt_credentials SET revoked_at = now(), previous_hash = NULL, "
                        + "previous_valid_until = NULL WHERE tenant = ? AND name = ? AND revoked_at IS NULL RETURNING "
                        + COLUMNS)) {
            ps.setString(1, tenant);
            ps.setString(2, name);
            return one(ps);
        }
    }

    /**
     * Replaces the password hash of a live credential; the old hash stays valid until
     * {@code previousValidUntil} when given (a grace period), else it is dropped at once.
     */
    public Optional<MqttCredential> rotate(
            Connection c, String tenant, String name, String newHash, Optional<Instant> previousValidUntil)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mqtt_credentials SET "
                + "previous_hash = CASE WHEN ?::timestamptz IS NULL THEN NULL ELSE password_hash END, "
                + "previous_valid_until = ?::timestamptz, password_hash = ?, rotated_at = now() "
                + "WHERE tenant = ? AND name = ? AND revoked_at IS NULL RETURNING " + COLUMNS)) {
            OffsetDateTime until =
                    previousValidUntil.map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null);
            ps.setObject(1, until, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(2, until, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(3, newHash);
            ps.setString(4, tenant);
            ps.setString(5, name);
            return one(ps);
        }
    }

    private static Optional<MqttCredential> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static MqttCredential row(ResultSet rs) throws SQLException {
        return new MqttCredential(
                rs.getString(1),
                rs.getString(2),
                MqttCredential.kindOf(rs.getString(3)).orElseThrow(() -> new SQLException("unknown credential kind")),
                rs.getString(4),
                Optional.ofNullable(rs.getString(5)),
                instant(rs, 6),
                instant(rs, 7).orElseThrow(),
                instant(rs, 8),
                instant(rs, 9));
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
