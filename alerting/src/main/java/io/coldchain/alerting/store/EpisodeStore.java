package io.coldchain.alerting.store;

import static io.coldchain.alerting.store.AlertRows.COLUMNS;
import static io.coldchain.alerting.store.AlertRows.SYSTEM;
import static io.coldchain.alerting.store.AlertRows.addBatches;
import static io.coldchain.alerting.store.AlertRows.appendHistory;
import static io.coldchain.alerting.store.AlertRows.hold;
import static io.coldchain.alerting.store.AlertRows.readAll;
import static io.coldchain.alerting.store.AlertRows.requireAny;
import static io.coldchain.alerting.store.AlertRows.setDouble;
import static io.coldchain.alerting.store.AlertRows.setLong;
import static io.coldchain.alerting.store.AlertRows.ts;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What evaluation changes in {@code alerts} after an alert is opened ({@link AlertStore#open}): an
 * episode that goes on, moves, merges or is retracted, a batch's exposure, and the look-ups the
 * evaluator reconciles against. Every method works inside the caller's transaction; a change of an
 * episode's bounds bumps the alert's {@code version} and appends a history row.
 */
public final class EpisodeStore {
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
        boolean boundsMoved = !start.equals(before.startedAt()) || !Objects.equals(end, before.endedAt());
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
            appendHistory(
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
                + "version = version + 1, updated_at = now() WHERE id = ?")) {
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
        appendHistory(c, absorbed, SYSTEM, "merged", new JsonObject().put("into", into));
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
        appendHistory(c, id, SYSTEM, "retracted", new JsonObject().put("reason", reason));
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

    /** Whether the sensor has a live alert of its own (not a batch's) that has not ended. */
    public boolean anyOpen(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM alerts WHERE sensor_id = ? "
                + "AND lot IS NULL AND ended_at IS NULL AND status NOT IN ('merged', 'retracted'))")) {
            ps.setInt(1, sensorId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Sensors with a data-gap alert still open: the live gap sweep need not look at them again. */
    public Set<Integer> sensorsWithOpenGap(Connection c) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT sensor_id FROM alerts WHERE kind = 'gap' "
                        + "AND ended_at IS NULL AND status NOT IN ('merged', 'retracted')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** The live alert of a batch under one per-batch rule (cumulative, raw milk), if it was raised. */
    public Optional<AlertRecord> batchAlert(Connection c, String tenant, String lot, String ruleKey)
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
}
