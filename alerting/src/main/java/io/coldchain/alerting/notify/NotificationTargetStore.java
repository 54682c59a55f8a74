package io.coldchain.alerting.notify;

import io.coldchain.core.error.ColdchainException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Owns {@code notification_targets} (V6). Works in the caller's transaction; the HTTP edge audits
 * each change in the same one.
 */
public final class NotificationTargetStore {
    private static final String COLUMNS =
            "tenant, target, channel, url, address, secret IS NOT NULL, min_severity, escalation_level, enabled, created_at, updated_at";

    /**
     * What a PUT did.
     *
     * @param before the target before (null when created)
     * @param changed false when the PUT asked for exactly what was stored (nothing written)
     */
    public record PutResult(boolean created, boolean changed, NotificationTarget before, NotificationTarget after) {}

    /**
     * Creates or replaces a target. A webhook keeps its stored secret when the input has none; a new
     * webhook (or an e-mail target turned webhook) must bring one: 400 otherwise.
     */
    public PutResult put(Connection c, String tenant, String target, NotificationTarget.Input in) throws SQLException {
        NotificationTarget before = null;
        String storedSecret = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + ", secret FROM notification_targets WHERE tenant = ? AND target = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    before = row(rs);
                    storedSecret = rs.getString(12);
                }
            }
        }
        String secret = null;
        if (in.channel() == Channel.WEBHOOK) {
            secret = in.secret().orElse(before != null && before.channel() == Channel.WEBHOOK ? storedSecret : null);
            if (secret == null) {
                throw ColdchainException.badRequest(
                        "invalid_body",
                        "secret is required for a new webhook target "
                                + "(at least 16 characters; it signs every delivery and is never shown again)");
            }
        }
        if (before != null && sameAs(before, in) && Objects.equals(storedSecret, secret)) {
            return new PutResult(false, false, before, before);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notification_targets AS t (tenant, target, channel, url, address, secret, min_severity, "
                        + "escalation_level, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant, target) DO UPDATE SET channel = excluded.channel, url = excluded.url, "
                        + "address = excluded.address, secret = excluded.secret, min_severity = excluded.min_severity, "
                        + "escalation_level = excluded.escalation_level, enabled = excluded.enabled, updated_at = now() "
                        + "RETURNING " + COLUMNS)) {
            ps.setString(1, tenant);
            ps.setString(2, target);
            ps.setString(3, in.channel().wire());
            ps.setString(4, in.channel() == Channel.WEBHOOK ? in.url().orElseThrow() : null);
            ps.setString(5, in.channel() == Channel.EMAIL ? in.address().orElseThrow() : null);
            ps.setString(6, secret);
            ps.setString(7, in.minSeverity());
            ps.setInt(8, in.escalationLevel());
            ps.setBoolean(9, in.enabled());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PutResult(before == null, true, before, row(rs));
            }
        }
    }

    private static boolean sameAs(NotificationTarget t, NotificationTarget.Input in) {
        return t.channel() == in.channel()
                && t.url().equals(in.channel() == Channel.WEBHOOK ? in.url() : Optional.empty())
                && t.address().equals(in.channel() == Channel.EMAIL ? in.address() : Optional.empty())
                && t.minSeverity().equals(in.minSeverity())
                && t.escalationLevel() == in.escalationLevel()
                && t.enabled() == in.enabled();
    }

    public Optional<NotificationTarget> get(Connection c, String tenant, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM notification_targets WHERE tenant = ? AND target = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** A webhook target's signing secret (for senders only; never returned by the API). */
    public Optional<String> webhookSecret(Connection c, String tenant, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT secret FROM notification_targets WHERE tenant = ? AND target = ? AND channel = 'webhook'")) {
            ps.setString(1, tenant);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The tenant's targets by id. */
    public List<NotificationTarget> list(Connection c, String tenant) throws SQLException {
        List<NotificationTarget> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM notification_targets WHERE tenant = ? ORDER BY target")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static NotificationTarget row(ResultSet rs) throws SQLException {
        return new NotificationTarget(
                rs.getString(1),
                rs.getString(2),
                Channel.of(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)),
                rs.getBoolean(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getBoolean(9),
                instant(rs, 10),
                instant(rs, 11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
