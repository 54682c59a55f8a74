package io.coldchain.alerting.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code sensor_quiet_marks} (V22): where the evaluator last found each sensor quiet. The caller
 * holds the sensor's evaluation lock.
 */
public final class QuietMarkStore {
    /**
     * @param through the sensor's newest reading when it was found quiet
     * @param attribution digest of what applied to the sensor then
     */
    public record QuietMark(Instant through, byte[] attribution) {}

    public Optional<QuietMark> get(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT quiet_through, attribution FROM sensor_quiet_marks WHERE sensor_id = ?")) {
            ps.setInt(1, sensorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new QuietMark(rs.getTimestamp(1).toInstant(), rs.getBytes(2)))
                        : Optional.empty();
            }
        }
    }

    public void put(Connection c, int sensorId, QuietMark mark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sensor_quiet_marks (sensor_id, quiet_through, attribution) VALUES (?, ?, ?) "
                        + "ON CONFLICT (sensor_id) DO UPDATE SET quiet_through = EXCLUDED.quiet_through, "
                        + "attribution = EXCLUDED.attribution")) {
            ps.setInt(1, sensorId);
            ps.setTimestamp(2, Timestamp.from(mark.through()));
            ps.setBytes(3, mark.attribution());
            ps.executeUpdate();
        }
    }

    /** The marks of several sensors, by sensor key; sensors without one are absent. */
    public Map<Integer, QuietMark> getAll(Connection c, int[] sensorIds) throws SQLException {
        Map<Integer, QuietMark> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sensor_id, quiet_through, attribution FROM sensor_quiet_marks WHERE sensor_id = ANY (?)")) {
            ps.setArray(
                    1, c.createArrayOf("int4", Arrays.stream(sensorIds).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new QuietMark(rs.getTimestamp(2).toInstant(), rs.getBytes(3)));
                }
            }
        }
        return out;
    }

    /** Moves the marks of several sensors (each already has one) in one statement. */
    public void moveAll(Connection c, Map<Integer, Instant> through) throws SQLException {
        if (through.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE sensor_quiet_marks m SET quiet_through = w.t "
                + "FROM unnest(?::int[], ?::text[]::timestamptz[]) AS w(id, t) WHERE m.sensor_id = w.id")) {
            // Times as UTC text: java.sql.Timestamp arrays go as local time without an offset.
            ps.setArray(1, c.createArrayOf("int4", through.keySet().toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "text",
                            through.values().stream().map(Instant::toString).toArray()));
            ps.executeUpdate();
        }
    }

    public void clear(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sensor_quiet_marks WHERE sensor_id = ?")) {
            ps.setInt(1, sensorId);
            ps.executeUpdate();
        }
    }
}
