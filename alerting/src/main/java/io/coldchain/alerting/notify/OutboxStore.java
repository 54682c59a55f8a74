package io.coldchain.alerting.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code alert_outbox} and {@code notification_deliveries} (V6). Every method works on the
 * caller's connection and never commits: {@link #append} belongs to the alert store's transaction;
 * the dispatcher's calls run in auto-commit, each statement its own transaction.
 */
public final class OutboxStore {
    /** Longest last_error kept; an HTML error page is not worth storing whole. */
    static final int MAX_ERROR_CHARS = 1000;

    /**
     * In the caller's transaction: appends the event (idempotent on {@code idempotencyKey}: a second
     * append with the same key is a no-op returning the existing id) and one pending delivery per
     * receiver: the tenant's MQTT alert topic, and every enabled target whose minimum severity and
     * escalation level the event meets.
     *
     * @return the event's outbox id
     */
    public long append(Connection c, AlertEvent e) throws SQLException {
        Optional<Long> existing = idOf(c, e.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_outbox (tenant, alert_id, event, severity, escalation_level, idempotency_key, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")) {
            ps.setString(1, e.tenant());
            ps.setLong(2, e.alertId());
            ps.setString(3, e.event());
            ps.setString(4, e.severity());
            ps.setInt(5, e.escalationLevel());
            ps.setString(6, e.idempotencyKey());
            ps.setString(7, e.payloadJson());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // Another transaction appended the same key between our look-up and the insert.
                    return idOf(c, e.idempotencyKey())
                            .orElseThrow(() -> new SQLException("outbox key vanished: " + e.idempotencyKey()));
                }
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO notification_deliveries (outbox_id, channel, target) "
                        + "SELECT ?, 'mqtt', ? "
                        + "UNION ALL SELECT ?, channel, target FROM notification_targets "
                        + "WHERE tenant = ? AND enabled AND (min_severity = 'warning' OR ? = 'critical') "
                        + "AND (escalation_level = 0 OR escalation_level <= ?)")) {
            ps.setLong(1, id);
            ps.setString(2, Channel.alertTopic(e.tenant()));
            ps.setLong(3, id);
            ps.setString(4, e.tenant());
            ps.setString(5, e.severity());
            ps.setInt(6, e.escalationLevel());
            ps.executeUpdate();
        }
        return id;
    }

    private static Optional<Long> idOf(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM alert_outbox WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * Claims up to {@code limit} due pending deliveries, oldest first: counts the attempt and moves
     * {@code next_attempt_at} one {@code lease} ahead, so that nobody else claims them meanwhile and,
     * should this process die before recording the outcome, they fall due again when the lease ends.
     * Rows another instance is claiming at this moment are skipped, not waited for.
     */
    public List<ClaimedDelivery> claimDue(Connection c, int limit, Duration lease) throws SQLException {
        return claimDue(c, limit, lease, null);
    }

    /**
     * {@link #claimDue(Connection, int, Duration)} of the MQTT topic's deliveries only ({@code mqtt}
     * true) or of the targets' only (false), so that the dispatcher can keep room for the alert topic
     * while webhooks hang.
     */
    public List<ClaimedDelivery> claimDue(Connection c, int limit, Duration lease, Boolean mqtt) throws SQLException {
        List<ClaimedDelivery> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("WITH due AS (SELECT outbox_id, channel, target FROM notification_deliveries "
                        + "  WHERE status = 'pending' AND next_attempt_at <= now() AND (?::boolean IS NULL OR (channel = 'mqtt') = ?::boolean) "
                        + "  ORDER BY next_attempt_at, outbox_id LIMIT ? FOR UPDATE SKIP LOCKED), "
                        + "claimed AS (UPDATE notification_deliveries d SET attempts = d.attempts + 1, "
                        + "  next_attempt_at = now() + ? * interval '1 millisecond' FROM due "
                        + "  WHERE d.outbox_id = due.outbox_id AND d.channel = due.channel AND d.target = due.target "
                        + "  RETURNING d.outbox_id, d.channel, d.target, d.attempts) "
                        + "SELECT k.outbox_id, k.channel, k.target, k.attempts, o.tenant, o.alert_id, o.event, o.severity, "
                        + "  o.escalation_level, o.idempotency_key, o.payload::text, o.created_at, t.url, t.address, t.secret, t.enabled "
                        + "FROM claimed k JOIN alert_outbox o ON o.id = k.outbox_id "
                        + "LEFT JOIN notification_targets t ON k.channel <> 'mqtt' AND t.tenant = o.tenant AND t.target = k.target "
                        + "ORDER BY k.outbox_id, k.channel, k.target")) {
            if (mqtt == null) {
                ps.setNull(1, Types.BOOLEAN);
                ps.setNull(2, Types.BOOLEAN);
            } else {
                ps.setBoolean(1, mqtt);
                ps.setBoolean(2, mqtt);
            }
            ps.setInt(3, limit);
            ps.setLong(4, lease.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Channel channel = Channel.of(rs.getString(2));
                    boolean found = channel == Channel.MQTT || Boolean.TRUE.equals(rs.getObject(16, Boolean.class));
                    out.add(new ClaimedDelivery(
                            new DeliveryKey(rs.getLong(1), channel, rs.getString(3)),
                            rs.getInt(4),
                            rs.getString(5),
                            rs.getLong(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9),
                            rs.getString(10),
                            rs.getString(11),
                            instant(rs, 12),
                            rs.getString(13),
                            rs.getString(14),
                            rs.getString(15),
                            found));
                }
            }
        }
        return out;
    }

    /** Records a delivery as done; false when it was no longer pending (already recorded). */
    public boolean markDelivered(Connection c, DeliveryKey k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notification_deliveries SET status = 'delivered', delivered_at = now(), last_error = NULL "
                        + "WHERE outbox_id = ? AND channel = ? AND target = ? AND status = 'pending'")) {
            bind(ps, k, 1);
            return ps.executeUpdate() == 1;
        }
    }

    /** A failed attempt: tried again after {@code retryIn}. */
    public boolean markRetry(Connection c, DeliveryKey k, String error, Duration retryIn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notification_deliveries SET next_attempt_at = now() + ? * interval '1 millisecond', last_error = ? "
                        + "WHERE outbox_id = ? AND channel = ? AND target = ? AND status = 'pending'")) {
            ps.setLong(1, retryIn.toMillis());
            ps.setString(2, truncate(error));
            bind(ps, k, 3);
            return ps.executeUpdate() == 1;
        }
    }

    /** A failed attempt after which nothing more is tried: listed as parked for a person to look at. */
    public boolean markParked(Connection c, DeliveryKey k, String error) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE notification_deliveries SET status = 'parked', last_error = ? "
                        + "WHERE outbox_id = ? AND channel = ? AND target = ? AND status = 'pending'")) {
            ps.setString(1, truncate(error));
            bind(ps, k, 2);
            return ps.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement ps, DeliveryKey k, int from) throws SQLException {
        ps.setLong(from, k.outboxId());
        ps.setString(from + 1, k.channel().wire());
        ps.setString(from + 2, k.target());
    }

    /** A tenant's deliveries, newest event first; {@code status} empty for all. */
    public List<DeliveryRow> deliveries(Connection c, String tenant, Optional<String> status, int limit)
            throws SQLException {
        List<DeliveryRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.outbox_id, o.alert_id, o.event, o.severity, o.idempotency_key, d.channel, d.target, d.status, "
                        + "d.attempts, d.next_attempt_at, d.last_error, d.delivered_at, o.created_at "
                        + "FROM notification_deliveries d JOIN alert_outbox o ON o.id = d.outbox_id "
                        + "WHERE o.tenant = ? AND (?::text IS NULL OR d.status = ?::text) "
                        + "ORDER BY d.outbox_id DESC, d.channel, d.target LIMIT ?")) {
            ps.setString(1, tenant);
            if (status.isPresent()) {
                ps.setString(2, status.get());
                ps.setString(3, status.get());
            } else {
                ps.setNull(2, Types.VARCHAR);
                ps.setNull(3, Types.VARCHAR);
            }
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeliveryRow(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9),
                            instant(rs, 10),
                            rs.getString(11),
                            instant(rs, 12),
                            instant(rs, 13)));
                }
            }
        }
        return out;
    }

    /** Events of every tenant after {@code afterId}, in id order (the live stream's shared tail). */
    public List<OutboxEvent> eventsAfter(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, tenant, event, payload::text, created_at FROM alert_outbox WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return events(ps);
        }
    }

    /** One tenant's events with {@code afterId < id <= upTo}, in id order (a reconnecting stream catching up). */
    public List<OutboxEvent> tenantEventsBetween(Connection c, String tenant, long afterId, long upTo, int limit)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, tenant, event, payload::text, created_at FROM alert_outbox "
                        + "WHERE tenant = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setLong(2, afterId);
            ps.setLong(3, upTo);
            ps.setInt(4, limit);
            return events(ps);
        }
    }

    private static List<OutboxEvent> events(PreparedStatement ps) throws SQLException {
        List<OutboxEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OutboxEvent(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5)));
            }
        }
        return out;
    }

    /** The newest event id, 0 when there is none. */
    public long maxId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM alert_outbox");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deliveries waiting (pending) and given up (parked), for the gauges. */
    public record Backlog(long pending, long parked) {}

    public Backlog backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT (SELECT count(*) FROM notification_deliveries WHERE status = 'pending'), "
                                + "(SELECT count(*) FROM notification_deliveries WHERE status = 'parked')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), rs.getLong(2));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() <= MAX_ERROR_CHARS ? e : e.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
