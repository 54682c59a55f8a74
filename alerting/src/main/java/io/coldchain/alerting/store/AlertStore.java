package io.coldchain.alerting.store;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.core.error.ColdchainException;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code alerts}, {@code alert_batches}, {@code batch_holds} and {@code alert_history}. Every
 * method works inside the caller's transaction; every change of an alert bumps its {@code version}
 * and appends a history row, so the idempotency key of a notification ({@code alert-<id>-v<version>})
 * names exactly one state of one alert.
 */
public final class AlertStore {
    public static final String SYSTEM = "system";

    private static final String COLUMNS = "id, tenant, rule_key, kind, severity, threshold, delay_min, budget_min, "
            + "profiles, sensor_id, sensor, asset, site, lot, started_at, ended_at, last_out_at, fired_at, peak, peak_at, "
            + "exposure_s, status, merged_into, escalation_level, escalated_at, opened_at, acked_at, acked_by, ack_note, "
            + "resolved_at, resolved_by, corrective_action, version";

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
        history(c, id, SYSTEM, "opened", null);
        return require(c, a.tenant(), id);
    }

    /**
     * The episode changed: it went on (later last reading, higher peak) or late readings moved its
     * bounds. Only moved bounds bump the version and write history. Returns the new state.
     */
    public AlertRecord updateEpisode(
            Connection c,
            long id,
            Instant start,
            Instant end,
            Instant lastOut,
            Instant firedAt,
            Double peak,
            Instant peakAt,
            Long exposureS,
            List<AlertBatch> batches)
            throws SQLException {
        AlertRecord before = requireAny(c, id);
        boolean boundsMoved = !start.equals(before.startedAt()) || !java.util.Objects.equals(end, before.endedAt());
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE alerts SET started_at = ?, ended_at = ?, last_out_at = ?, "
                        + "fired_at = ?, peak = ?, peak_at = ?, exposure_s = coalesce(?, exposure_s), "
                        + "version = version + CASE WHEN ? THEN 1 ELSE 0 END, updated_at = now() WHERE id = ?")) {
            ps.setTimestamp(1, ts(start));
            ps.setTimestamp(2, ts(end));
            ps.setTimestamp(3, ts(lastOut));
            ps.setTimestamp(4, ts(firedAt));
            setDouble(ps, 5, peak);
            ps.setTimestamp(6, ts(peakAt));
            setLong(ps, 7, exposureS);
            ps.setBoolean(8, boundsMoved);
            ps.setLong(9, id);
            ps.executeUpdate();
        }
        List<AlertBatch> added = new ArrayList<>();
        for (AlertBatch b : batches) {
            if (before.batches().stream().noneMatch(x -> x.lot().equals(b.lot()))) {
                added.add(b);
            }
        }
        addBatches(c, id, added);
        if ("critical".equals(before.severity()) && !"resolved".equals(before.status())) {
            hold(c, before.tenant(), id, added);
        }
        // An excursion that simply goes on (a later reading, a higher peak) is not a transition; a moved
        // start or end is, and the history keeps each.
        if (boundsMoved) {
            history(
                    c,
                    id,
                    SYSTEM,
                    end != null && before.endedAt() == null ? "ended" : "updated",
                    new JsonObject().put("start", start.toString()).put("end", end == null ? null : end.toString()));
        }
        return requireAny(c, id);
    }

    /** A named batch's exposure under the alert's threshold, as it stands when the episode ends. */
    public void setBatchExposure(Connection c, long id, String lot, Long exposureS) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE alert_batches SET exposure_s = ? WHERE alert_id = ? AND lot = ?")) {
            setLong(ps, 1, exposureS);
            ps.setLong(2, id);
            ps.setString(3, lot);
            ps.executeUpdate();
        }
    }

    /** Late readings joined two episodes: {@code absorbed} is kept, marked merged into {@code into}. */
    public AlertRecord merge(Connection c, long into, long absorbed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET status = 'merged', merged_into = ?, "
                + "version = version + 1, updated_at = now() WHERE id = ? RETURNING tenant")) {
            ps.setLong(1, into);
            ps.setLong(2, absorbed);
            ps.executeUpdate();
        }
        // Its batches become the surviving alert's too (holds stay where they were put).
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO alert_batches (alert_id, lot, sku, product, shipment, "
                        + "exposure_s) SELECT ?, lot, sku, product, shipment, exposure_s FROM alert_batches WHERE alert_id = ? "
                        + "ON CONFLICT DO NOTHING")) {
            ps.setLong(1, into);
            ps.setLong(2, absorbed);
            ps.executeUpdate();
        }
        history(c, absorbed, SYSTEM, "merged", new JsonObject().put("into", into));
        return requireAny(c, absorbed);
    }

    /**
     * Late readings showed the episode never lasted the rule's delay (or the gap was filled by a
     * gateway's backlog). The alert stays, retracted, with its history; holds it put are released.
     */
    public AlertRecord retract(Connection c, long id, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET status = 'retracted', version = version + 1, "
                + "updated_at = now() WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE batch_holds SET decided_at = now(), decided_by = ?, "
                + "disposition = 'release' WHERE alert_id = ? AND decided_at IS NULL")) {
            ps.setString(1, SYSTEM);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        history(c, id, SYSTEM, "retracted", new JsonObject().put("reason", reason));
        return requireAny(c, id);
    }

    /** Live (not merged or retracted) sensor alerts of a sensor whose episode overlaps {@code [from, to)}. */
    public List<AlertRecord> overlapping(Connection c, int sensorId, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE sensor_id = ? "
                + "AND lot IS NULL AND status NOT IN ('merged', 'retracted') AND started_at < ? "
                + "AND (ended_at IS NULL OR ended_at > ?) ORDER BY id")) {
            ps.setInt(1, sensorId);
            ps.setTimestamp(2, ts(to));
            ps.setTimestamp(3, ts(from));
            return readAll(ps);
        }
    }

    /** Sensors with a data-gap alert still open: the live gap sweep need not look at them again. */
    public java.util.Set<Integer> sensorsWithOpenGap(Connection c) throws SQLException {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT sensor_id FROM alerts WHERE kind = 'gap' "
                        + "AND ended_at IS NULL AND status NOT IN ('merged', 'retracted')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** The live budget alert of a batch under one cumulative rule, if its budget was crossed. */
    public Optional<AlertRecord> budgetAlert(Connection c, String tenant, String lot, String ruleKey)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE tenant = ? AND lot = ? "
                        + "AND rule_key = ? AND status NOT IN ('merged', 'retracted')")) {
            ps.setString(1, tenant);
            ps.setString(2, lot);
            ps.setString(3, ruleKey);
            return readAll(ps).stream().findFirst();
        }
    }

    /** Records a batch's grown exposure without a new event (the budget was crossed once). */
    public void updateExposure(Connection c, long id, long exposureS, Instant lastOut, Double peak, Instant peakAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET exposure_s = ?, last_out_at = ?, peak = ?, "
                        + "peak_at = ?, updated_at = now() WHERE id = ? AND (exposure_s IS DISTINCT FROM ? OR peak IS DISTINCT FROM ?)")) {
            ps.setLong(1, exposureS);
            ps.setTimestamp(2, ts(lastOut));
            setDouble(ps, 3, peak);
            ps.setTimestamp(4, ts(peakAt));
            ps.setLong(5, id);
            ps.setLong(6, exposureS);
            setDouble(ps, 7, peak);
            ps.executeUpdate();
        }
    }

    public Optional<AlertRecord> get(Connection c, String tenant, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant);
            ps.setLong(2, id);
            List<AlertRecord> found = readAll(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(withBatches(c, found.get(0)));
        }
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
        history(c, id, actor, "acknowledged", new JsonObject().put("note", note));
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
        history(
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
        history(c, id, SYSTEM, "escalated", new JsonObject().put("level", level));
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

    private AlertRecord require(Connection c, String tenant, long id) throws SQLException {
        return get(c, tenant, id)
                .orElseThrow(() -> new SQLException("alert " + id + " vanished inside its transaction"));
    }

    private AlertRecord requireAny(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setLong(1, id);
            return withBatches(c, readAll(ps).get(0));
        }
    }

    private void addBatches(Connection c, long id, List<AlertBatch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO alert_batches (alert_id, lot, sku, product, shipment, "
                        + "exposure_s) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (AlertBatch b : batches) {
                ps.setLong(1, id);
                ps.setString(2, b.lot());
                ps.setString(3, b.sku());
                ps.setString(4, b.product());
                ps.setString(5, b.shipment());
                setLong(ps, 6, b.exposureS());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void hold(Connection c, String tenant, long id, List<AlertBatch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_holds (tenant, lot, alert_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (AlertBatch b : batches) {
                ps.setString(1, tenant);
                ps.setString(2, b.lot());
                ps.setLong(3, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void history(Connection c, long id, String actor, String event, JsonObject detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_history (alert_id, actor, event, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, id);
            ps.setString(2, actor);
            ps.setString(3, event);
            ps.setString(4, detail == null ? null : detail.encode());
            ps.executeUpdate();
        }
    }

    private AlertRecord withBatches(Connection c, AlertRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lot, sku, product, shipment, exposure_s, disposition "
                + "FROM alert_batches WHERE alert_id = ? ORDER BY lot")) {
            ps.setLong(1, r.id());
            List<AlertBatch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertBatch(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            (Long) rs.getObject(5),
                            rs.getString(6)));
                }
            }
            return r.withBatches(out);
        }
    }

    private static List<AlertRecord> readAll(PreparedStatement ps) throws SQLException {
        List<AlertRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Array profiles = rs.getArray(9);
                out.add(new AlertRecord(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        (Double) rs.getObject(6),
                        (Integer) rs.getObject(7),
                        (Integer) rs.getObject(8),
                        Arrays.asList((String[]) profiles.getArray()),
                        (Integer) rs.getObject(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getString(14),
                        instant(rs, 15),
                        instant(rs, 16),
                        instant(rs, 17),
                        instant(rs, 18),
                        (Double) rs.getObject(19),
                        instant(rs, 20),
                        (Long) rs.getObject(21),
                        rs.getString(22),
                        (Long) rs.getObject(23),
                        rs.getInt(24),
                        instant(rs, 25),
                        instant(rs, 26),
                        instant(rs, 27),
                        rs.getString(28),
                        rs.getString(29),
                        instant(rs, 30),
                        rs.getString(31),
                        rs.getString(32),
                        rs.getInt(33),
                        List.of()));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
