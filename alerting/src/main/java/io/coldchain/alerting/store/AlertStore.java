package io.coldchain.alerting.store;

import static io.coldchain.alerting.store.AlertRows.COLUMNS;
import static io.coldchain.alerting.store.AlertRows.addBatches;
import static io.coldchain.alerting.store.AlertRows.appendHistory;
import static io.coldchain.alerting.store.AlertRows.hold;
import static io.coldchain.alerting.store.AlertRows.readAll;
import static io.coldchain.alerting.store.AlertRows.require;
import static io.coldchain.alerting.store.AlertRows.requireAny;
import static io.coldchain.alerting.store.AlertRows.setDouble;
import static io.coldchain.alerting.store.AlertRows.setInt;
import static io.coldchain.alerting.store.AlertRows.setLong;
import static io.coldchain.alerting.store.AlertRows.ts;
import static io.coldchain.alerting.store.AlertRows.withBatches;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.core.error.ColdchainException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code alerts}, {@code alert_batches}, {@code batch_holds} and {@code alert_history}: opening an
 * alert, reading alerts, and the QA lifecycle (acknowledge, resolve, escalate). What evaluation changes
 * later (episodes going on, merging, retracted) is in {@link EpisodeStore}. Every method works inside
 * the caller's transaction; every change of an alert bumps its {@code version} and appends a history
 * row, so the idempotency key of a notification ({@code alert-<id>-v<version>}) names exactly one
 * state of one alert.
 */
public final class AlertStore {
    public static final String SYSTEM = AlertRows.SYSTEM;

    /** Opens an alert, names its batches, holds them when critical, and records the transition. */
    public AlertRecord open(Connection c, NewAlert a) throws SQLException {
        long id;
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO alerts (tenant, rule_key, kind, severity, threshold, "
                        + "delay_min, budget_min, profiles, sensor_id, sensor, asset, site, lot, started_at, ended_at, last_out_at, "
                        + "fired_at, peak, peak_at, exposure_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "RETURNING id")) {
            int i = 0;
            ps.setString(++i, a.tenant());
            ps.setString(++i, a.ruleKey());
            ps.setString(++i, a.kind());
            ps.setString(++i, a.severity());
            setDouble(ps, ++i, a.threshold());
            setInt(ps, ++i, a.delayMin());
            setInt(ps, ++i, a.budgetMin());
            ps.setArray(++i, c.createArrayOf("text", a.profiles().toArray()));
            setInt(ps, ++i, a.sensorId());
            ps.setString(++i, a.sensor());
            ps.setString(++i, a.asset());
            ps.setString(++i, a.site());
            ps.setString(++i, a.lot());
            ps.setTimestamp(++i, ts(a.startedAt()));
            ps.setTimestamp(++i, ts(a.endedAt()));
            ps.setTimestamp(++i, ts(a.lastOutAt()));
            ps.setTimestamp(++i, ts(a.firedAt()));
            setDouble(ps, ++i, a.peak());
            ps.setTimestamp(++i, ts(a.peakAt()));
            setLong(ps, ++i, a.exposureS());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        addBatches(c, id, a.batches());
        if ("critical".equals(a.severity())) {
            hold(c, a.tenant(), id, a.batches());
        }
        appendHistory(c, id, SYSTEM, "opened", null);
        return require(c, a.tenant(), id);
    }

    public Optional<AlertRecord> get(Connection c, String tenant, long id) throws SQLException {
        return AlertRows.get(c, tenant, id);
    }

    /** Filters of the alert list; null means "any". */
    public record Query(String status, String site, String lot, String sensor, Instant from, Instant to, int limit) {}

    /** The tenant's alerts, newest episode first. Merged and retracted alerts show only when asked for by status. */
    public List<AlertRecord> list(Connection c, String tenant, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts a WHERE tenant = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant);
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        } else {
            sql.append(" AND status NOT IN ('merged', 'retracted')");
        }
        if (q.site() != null) {
            sql.append(" AND site = ?");
            args.add(q.site());
        }
        if (q.sensor() != null) {
            sql.append(" AND sensor = ?");
            args.add(q.sensor());
        }
        if (q.lot() != null) {
            sql.append(
                    " AND (lot = ? OR EXISTS (SELECT 1 FROM alert_batches b WHERE b.alert_id = a.id AND b.lot = ?))");
            args.add(q.lot());
            args.add(q.lot());
        }
        if (q.from() != null) {
            sql.append(" AND (ended_at IS NULL OR ended_at > ?)");
            args.add(ts(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND started_at < ?");
            args.add(ts(q.to()));
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AlertRecord> out = new ArrayList<>();
            for (AlertRecord r : readAll(ps)) {
                out.add(withBatches(c, r));
            }
            return out;
        }
    }

    /**
     * The alerts raised on no sensor (batch-level: stability budget, not cooled within, age) at
     * {@code site} or on one of {@code assets}, overlapping {@code [from, to)}, newest first. A site's
     * records list these beside the per-sensor excursions, which they would otherwise never show.
     */
    public List<AlertRecord> withoutSensorAt(
            Connection c, String tenant, String site, List<String> assets, Instant from, Instant to, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts a WHERE tenant = ?"
                + " AND status NOT IN ('merged', 'retracted') AND sensor IS NULL"
                + " AND (site = ? OR asset = ANY (?)) AND (ended_at IS NULL OR ended_at > ?) AND started_at < ?"
                + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, site);
            ps.setArray(3, c.createArrayOf("text", assets.toArray()));
            ps.setTimestamp(4, ts(from));
            ps.setTimestamp(5, ts(to));
            ps.setInt(6, limit);
            List<AlertRecord> out = new ArrayList<>();
            for (AlertRecord r : readAll(ps)) {
                out.add(withBatches(c, r));
            }
            return out;
        }
    }

    /** One transition of an alert. */
    public record HistoryEntry(Instant at, String actor, String event, String detailJson) {}

    public List<HistoryEntry> history(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, actor, event, detail::text FROM alert_history WHERE alert_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(
                            rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    /** open → acknowledged. 409 from any other status (acknowledging twice is a conflict, not a no-op). */
    public AlertRecord acknowledge(Connection c, String tenant, long id, String actor, String note)
            throws SQLException {
        AlertRecord a = lockForLifecycle(c, tenant, id);
        if (!"open".equals(a.status())) {
            throw ColdchainException.conflict("alert_not_open", "alert " + id + " is " + a.status() + ", not open");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET status = 'acknowledged', acked_at = now(), "
                + "acked_by = ?, ack_note = ?, version = version + 1, updated_at = now() WHERE id = ?")) {
            ps.setString(1, actor);
            ps.setString(2, note);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        appendHistory(c, id, actor, "acknowledged", new JsonObject().put("note", note));
        return require(c, tenant, id);
    }

    /**
     * open or acknowledged → resolved, with the corrective action and a disposition for every batch
     * the alert names (400 naming the missing or unknown lot). Holds this alert put are decided.
     */
    public AlertRecord resolve(
            Connection c,
            String tenant,
            long id,
            String actor,
            String correctiveAction,
            Map<String, String> dispositions)
            throws SQLException {
        AlertRecord a = lockForLifecycle(c, tenant, id);
        if (!"open".equals(a.status()) && !"acknowledged".equals(a.status())) {
            throw ColdchainException.conflict("alert_not_resolvable", "alert " + id + " is " + a.status());
        }
        for (String lot : dispositions.keySet()) {
            if (a.batches().stream().noneMatch(b -> b.lot().equals(lot))) {
                throw ColdchainException.badRequest(
                        "invalid_body", "dispositions." + lot + ": alert " + id + " does not name batch " + lot);
            }
        }
        for (AlertBatch b : a.batches()) {
            if (!dispositions.containsKey(b.lot())) {
                throw ColdchainException.badRequest(
                        "invalid_body",
                        "dispositions." + b.lot() + " is required: every batch the alert names needs a disposition");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET status = 'resolved', resolved_at = now(), "
                + "resolved_by = ?, corrective_action = ?, version = version + 1, updated_at = now() WHERE id = ?")) {
            ps.setString(1, actor);
            ps.setString(2, correctiveAction);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        try (PreparedStatement batch =
                        c.prepareStatement("UPDATE alert_batches SET disposition = ? WHERE alert_id = ? AND lot = ?");
                PreparedStatement holds =
                        c.prepareStatement("UPDATE batch_holds SET decided_at = now(), decided_by = ?, "
                                + "disposition = ? WHERE alert_id = ? AND lot = ? AND decided_at IS NULL")) {
            for (Map.Entry<String, String> e : dispositions.entrySet()) {
                batch.setString(1, e.getValue());
                batch.setLong(2, id);
                batch.setString(3, e.getKey());
                batch.addBatch();
                holds.setString(1, actor);
                holds.setString(2, e.getValue());
                holds.setLong(3, id);
                holds.setString(4, e.getKey());
                holds.addBatch();
            }
            batch.executeBatch();
            holds.executeBatch();
        }
        JsonObject d = new JsonObject();
        dispositions.forEach(d::put);
        appendHistory(
                c,
                id,
                actor,
                "resolved",
                new JsonObject().put("corrective_action", correctiveAction).put("dispositions", d));
        return require(c, tenant, id);
    }

    /**
     * Open alerts (never acknowledged) that have waited longer than their severity's escalation time
     * since they were raised or last escalated, locked for this transaction (SKIP LOCKED: another
     * instance escalating at the same time takes others).
     */
    public List<Long> dueForEscalation(Connection c, Instant now, Duration critical, Duration warning, int maxLevel)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM alerts WHERE status = 'open' AND escalation_level < ? "
                        + "AND coalesce(escalated_at, opened_at) <= ?::timestamptz - (CASE severity WHEN 'critical' THEN ? ELSE ? END) * interval '1 second' "
                        + "ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, maxLevel);
            ps.setTimestamp(2, ts(now));
            ps.setLong(3, critical.toSeconds());
            ps.setLong(4, warning.toSeconds());
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    public AlertRecord escalate(Connection c, long id) throws SQLException {
        int level;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET escalation_level = escalation_level + 1, "
                        + "escalated_at = now(), version = version + 1, updated_at = now() WHERE id = ? RETURNING escalation_level")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                level = rs.getInt(1);
            }
        }
        appendHistory(c, id, SYSTEM, "escalated", new JsonObject().put("level", level));
        return requireAny(c, id);
    }

    /** Where a batch stands after its alerts: discarded, on hold (open holds), or not held. */
    public String batchStatus(Connection c, String tenant, String lot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT bool_or(disposition = 'discard'), "
                        + "bool_or(decided_at IS NULL OR disposition = 'hold') FROM batch_holds WHERE tenant = ? AND lot = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, lot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return "discarded";
                }
                return rs.getBoolean(2) ? "on_hold" : "not_held";
            }
        }
    }

    private AlertRecord lockForLifecycle(Connection c, String tenant, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM alerts WHERE tenant = ? AND id = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ColdchainException.notFound("no alert " + id + " for tenant " + tenant);
                }
            }
        }
        return require(c, tenant, id);
    }
}
