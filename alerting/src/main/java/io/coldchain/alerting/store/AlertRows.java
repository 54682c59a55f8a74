package io.coldchain.alerting.store;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The row mapping and the shared writes of {@code alerts}, {@code alert_batches}, {@code batch_holds}
 * and {@code alert_history}, used by {@link AlertStore} (opening, reading, the QA lifecycle) and
 * {@link EpisodeStore} (what evaluation changes). Every method works inside the caller's transaction.
 */
final class AlertRows {
    static final String SYSTEM = "system";

    static final String COLUMNS = "id, tenant, rule_key, kind, severity, threshold, delay_min, budget_min, "
            + "profiles, sensor_id, sensor, asset, site, lot, started_at, ended_at, last_out_at, fired_at, peak, peak_at, "
            + "exposure_s, status, merged_into, escalation_level, escalated_at, opened_at, acked_at, acked_by, ack_note, "
            + "resolved_at, resolved_by, corrective_action, version";

    private AlertRows() {}

    static Optional<AlertRecord> get(Connection c, String tenant, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant);
            ps.setLong(2, id);
            List<AlertRecord> found = readAll(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(withBatches(c, found.get(0)));
        }
    }

    static AlertRecord require(Connection c, String tenant, long id) throws SQLException {
        return get(c, tenant, id)
                .orElseThrow(() -> new SQLException("alert " + id + " vanished inside its transaction"));
    }

    static AlertRecord requireAny(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setLong(1, id);
            return withBatches(c, readAll(ps).get(0));
        }
    }

    static void addBatches(Connection c, long id, List<AlertBatch> batches) throws SQLException {
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

    static void hold(Connection c, String tenant, long id, List<AlertBatch> batches) throws SQLException {
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

    static void appendHistory(Connection c, long id, String actor, String event, JsonObject detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_history (alert_id, actor, event, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, id);
            ps.setString(2, actor);
            ps.setString(3, event);
            ps.setString(4, detail == null ? null : detail.encode());
            ps.executeUpdate();
        }
    }

    static AlertRecord withBatches(Connection c, AlertRecord r) throws SQLException {
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

    static List<AlertRecord> readAll(PreparedStatement ps) throws SQLException {
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

    static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
