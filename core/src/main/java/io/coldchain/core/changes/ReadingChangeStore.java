package io.coldchain.core.changes;

import io.coldchain.core.db.BinaryCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns {@code reading_changes}: which sensors' readings changed, over which event-time range, and so
 * must be evaluated again by alerting.
 *
 * <p>Written in the same transaction as the change itself (ingest's batch, a registry write), so a
 * crash can never leave a stored reading unevaluated. Claimed with {@code FOR UPDATE SKIP LOCKED}
 * inside the evaluator's transaction and deleted there: several backend instances share the queue
 * and a row is consumed exactly when the alerts it caused are committed.
 */
public final class ReadingChangeStore {
    /** Local event-bus address the writers notify after a commit that queued changes. */
    public static final String WAKE_ADDRESS = "coldchain.readings.changed";

    /** Rows one claim takes at most, whatever the number of sensors asked for. */
    static final int MAX_CLAIMED_ROWS = 100_000;

    /** One queued change: sensor key and event-time range, both ends inclusive. */
    public record Change(long id, int sensorId, Instant from, Instant to) {}

    /**
     * Queues one range per sensor: {@code sensorIds[i]} changed over {@code [from[i], to[i]]}. A
     * binary COPY: ingest queues one row per registered sensor and batch, which with thousands of
     * sensors is nearly a row per reading; as an {@code INSERT … unnest} of timestamp arrays it cost
     * 9 µs a row (the database parsing every time as text), more than storing the readings.
     */
    public void record(Connection c, int[] sensorIds, Instant[] from, Instant[] to) throws SQLException {
        if (sensorIds.length == 0) {
            return;
        }
        BinaryCopy rows = new BinaryCopy(BinaryCopy.FRAME_BYTES + sensorIds.length * (2 + 4 + 4 + 2 * (4 + 8)));
        for (int i = 0; i < sensorIds.length; i++) {
            rows.row(3).int4(sensorIds[i]).timestamptz(from[i]).timestamptz(to[i]);
        }
        rows.copyInto(c, "reading_changes (sensor_id, from_ts, to_ts)");
    }

    /**
     * Queues the whole stored history of a sensor (its asset was set or changed: every reading it
     * ever sent may now mean something else). Nothing when it has no readings.
     */
    public int recordSensorHistory(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading_changes (sensor_id, from_ts, to_ts) "
                + "SELECT k.id, min(r.ts), max(r.ts) FROM sensor_keys k JOIN readings r ON r.sensor_id = k.id "
                + "WHERE k.tenant = ? AND k.sensor = ? GROUP BY k.id")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            return ps.executeUpdate();
        }
    }

    /**
     * Queues every sensor that was on {@code asset} during {@code [from, to)} ({@code to} null: until
     * now) over that interval: batches came or went (a shipment, a delivery, a placement), so which
     * profiles apply to those readings changed.
     */
    public int recordAsset(Connection c, String tenant, String asset, Instant from, Instant to) throws SQLException {
        Instant end = to != null ? to : Instant.now().plus(java.time.Duration.ofMinutes(5));
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO reading_changes (sensor_id, from_ts, to_ts) "
                        + "SELECT DISTINCT k.id, ?::timestamptz, ?::timestamptz FROM sensor_assignments a "
                        + "JOIN sensor_keys k ON k.tenant = a.tenant AND k.sensor = a.sensor "
                        + "WHERE a.tenant = ? AND a.asset = ? AND a.valid_from < ? AND (a.valid_to IS NULL OR a.valid_to > ?)")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(end));
            ps.setString(3, tenant);
            ps.setString(4, asset);
            ps.setTimestamp(5, Timestamp.from(end));
            ps.setTimestamp(6, Timestamp.from(from));
            return ps.executeUpdate();
        }
    }

    /**
     * Claims the sensors of up to {@code limit} queued changes, oldest first, with every other
     * pending change of those sensors (so one evaluation covers all of a sensor's queued ranges),
     * skipping rows another transaction holds. The caller must be in a transaction and call {@link
     * #delete} before committing.
     */
    public List<Change> claim(Connection c, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "WITH oldest AS MATERIALIZED (SELECT id, sensor_id FROM reading_changes "
                        + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "SELECT id, sensor_id, from_ts, to_ts FROM reading_changes "
                        + "WHERE sensor_id IN (SELECT sensor_id FROM oldest) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, limit);
            // All of those sensors' rows (a busy sensor has one per batch since its last evaluation),
            // bounded only against a pathological queue; what is left is claimed in the next round.
            ps.setInt(2, MAX_CLAIMED_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(
                            rs.getLong(1),
                            rs.getInt(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return out;
    }

    /** Removes claimed changes once their evaluation is part of the same transaction. */
    public void delete(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        Long[] ids = changes.stream().map(Change::id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM reading_changes WHERE id = ANY (?::bigint[])")) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.executeUpdate();
        }
    }

    /** How many changes wait (for the queue gauge). */
    public long backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reading_changes");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
