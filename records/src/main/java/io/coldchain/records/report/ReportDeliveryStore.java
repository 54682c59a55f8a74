package io.coldchain.records.report;

import io.coldchain.records.log.LocalPeriod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns {@code report_deliveries} (V15): the rendered reports queued per target by
 * {@link ReportScheduleJob}, and their sending state for {@link ReportDispatchJob} (claimed with a
 * lease, {@code FOR UPDATE SKIP LOCKED}, so several instances share the work and a dead one's claims
 * come back; delivered, retried later or parked). Since V19 the same queue carries recall notices
 * (queued by {@code records.recall.RecallNoticeQueue}), so that one dispatcher sends both. The caller
 * manages transactions.
 */
public final class ReportDeliveryStore {
    public static final String REPORT = "report";

    /** A queued report for one target. */
    public record Delivery(
            long id,
            String tenant,
            String schedule,
            String site,
            String period,
            LocalDate firstDay,
            LocalDate lastDay,
            String target,
            String format,
            String status) {}

    /**
     * A claimed delivery, with its document: a report's (kind {@code report}), or a recall notice's
     * JSON (kind {@code recall_created} / {@code recall_closed}: {@code recall} set, the report's
     * columns null).
     */
    public record Outgoing(
            long id,
            String kind,
            String recall,
            String tenant,
            String schedule,
            String site,
            String period,
            LocalDate firstDay,
            LocalDate lastDay,
            String target,
            String format,
            String contentType,
            byte[] body,
            int attempts) {

        /** The same for every attempt: receivers drop duplicates by it. */
        public String idempotencyKey() {
            return isReport()
                    ? "report:" + tenant + ":" + schedule + ":" + firstDay + ":" + target
                    : "recall:" + tenant + ":" + recall + ":" + kind + ":" + target;
        }

        public boolean isReport() {
            return REPORT.equals(kind);
        }
    }

    /** Queues the period's document for a target, due at {@code now}; false when it was queued already (unique key). */
    public boolean queue(
            Connection c, ReportSchedule s, LocalPeriod p, String target, String contentType, byte[] body, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_deliveries (tenant, schedule, site, period, "
                + "first_day, last_day, target, format, content_type, body, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (tenant, schedule, first_day, target) DO NOTHING")) {
            ps.setString(1, s.tenant());
            ps.setString(2, s.schedule());
            ps.setString(3, s.site());
            ps.setString(4, s.period().wire());
            ps.setObject(5, p.first());
            ps.setObject(6, p.last());
            ps.setString(7, target);
            ps.setString(8, s.format());
            ps.setString(9, contentType);
            ps.setBytes(10, body);
            ps.setTimestamp(11, Timestamp.from(now)); // due at once, on the job's clock
            return ps.executeUpdate() > 0;
        }
    }

    /** Queues a recall notice (JSON) for a target, due at {@code now}; false when it was queued already. */
    public boolean queueNotice(
            Connection c, String tenant, String recall, String kind, String target, byte[] json, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_deliveries (kind, recall, tenant, target, "
                + "content_type, body, next_attempt_at) VALUES (?, ?, ?, ?, 'application/json', ?, ?) "
                + "ON CONFLICT (tenant, recall, kind, target) WHERE recall IS NOT NULL DO NOTHING")) {
            ps.setString(1, kind);
            ps.setString(2, recall);
            ps.setString(3, tenant);
            ps.setString(4, target);
            ps.setBytes(5, json);
            ps.setTimestamp(6, Timestamp.from(now));
            return ps.executeUpdate() > 0;
        }
    }

    /** A recall's notice: its target, kind and sending state. */
    public record NoticeState(String target, String kind, String status, int attempts, String lastError) {}

    /** A recall's notices, oldest first. */
    public List<NoticeState> notices(Connection c, String tenant, String recall) throws SQLException {
        List<NoticeState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT target, kind, status, attempts, last_error "
                + "FROM report_deliveries WHERE tenant = ? AND recall = ? ORDER BY id")) {
            ps.setString(1, tenant);
            ps.setString(2, recall);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NoticeState(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** A schedule's queued reports, newest first. */
    public List<Delivery> deliveries(Connection c, String tenant, String schedule, int limit) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, tenant, schedule, site, period, first_day, last_day, target, format, status "
                        + "FROM report_deliveries WHERE kind = 'report' AND tenant = ? AND schedule = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, schedule);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delivery(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getObject(6, LocalDate.class),
                            rs.getObject(7, LocalDate.class),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    /** Claims up to {@code limit} due deliveries: counts the attempt and sets their next attempt a lease ahead. */
    public List<Outgoing> claimDue(Connection c, int limit, Duration lease, Instant now) throws SQLException {
        List<Outgoing> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH due AS (SELECT id FROM report_deliveries "
                + "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED) UPDATE report_deliveries d SET attempts = d.attempts + 1, "
                + "next_attempt_at = ? FROM due WHERE d.id = due.id RETURNING d.id, d.kind, d.recall, d.tenant, d.schedule, d.site, "
                + "d.period, d.first_day, d.last_day, d.target, d.format, d.content_type, d.body, d.attempts")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
            ps.setTimestamp(3, Timestamp.from(now.plus(lease)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Outgoing(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getObject(8, LocalDate.class),
                            rs.getObject(9, LocalDate.class),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12),
                            rs.getBytes(13),
                            rs.getInt(14)));
                }
            }
        }
        return out;
    }

    public void markDelivered(Connection c, long id, Instant now) throws SQLException {
        update(
                c,
                "UPDATE report_deliveries SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ?",
                Timestamp.from(now),
                id);
    }

    public void markRetry(Connection c, long id, String error, Instant at) throws SQLException {
        update(
                c,
                "UPDATE report_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'",
                Timestamp.from(at),
                error,
                id);
    }

    public void markParked(Connection c, long id, String error) throws SQLException {
        update(c, "UPDATE report_deliveries SET status = 'parked', last_error = ? WHERE id = ?", error, id);
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
