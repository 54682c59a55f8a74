package io.coldchain.alerting.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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

    public void clear(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sensor_quiet_marks WHERE sensor_id = ?")) {
            ps.setInt(1, sensorId);
            ps.executeUpdate();
        }
    }
}
