package io.coldchain.registry.calibration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code sensor_calibrations} (append-only) and keeps {@code sensors.calibration_due} following
 * the latest record. The caller runs {@link #insert} in its transaction, together with the audit row.
 */
public final class CalibrationStore {
    private static final String COLUMNS =
            "id, tenant, sensor, calibrated_at, due, certificate, performed_by, recorded_by, recorded_at";

    /** Whether the tenant has this sensor registered. */
    public boolean sensorExists(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM sensors WHERE tenant = ? AND sensor = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Appends a record and sets the sensor's {@code calibration_due} to the due date of its latest
     * record (by calibration date, then by insertion), which need not be this one when an older
     * certificate is entered late. Returns the stored record.
     */
    public Calibration insert(
            Connection c,
            String tenant,
            String sensor,
            LocalDate calibratedAt,
            LocalDate due,
            String certificate,
            String performedBy,
            String recordedBy)
            throws SQLException {
        Calibration stored;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sensor_calibrations (tenant, sensor, calibrated_at, due, certificate, performed_by, recorded_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            ps.setObject(3, calibratedAt);
            ps.setObject(4, due);
            ps.setString(5, certificate);
            ps.setString(6, performedBy);
            ps.setString(7, recordedBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                stored = row(rs);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sensors SET calibration_due = (SELECT due FROM sensor_calibrations WHERE tenant = ? AND sensor = ? "
                        + "ORDER BY calibrated_at DESC, id DESC LIMIT 1), updated_at = now() WHERE tenant = ? AND sensor = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            ps.setString(3, tenant);
            ps.setString(4, sensor);
            ps.executeUpdate();
        }
        return stored;
    }

    /** The sensor's records, newest calibration first. */
    public List<Calibration> list(Connection c, String tenant, String sensor) throws SQLException {
        List<Calibration> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sensor_calibrations "
                + "WHERE tenant = ? AND sensor = ? ORDER BY calibrated_at DESC, id DESC")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /** The sensor's latest record, if any. */
    public Optional<Calibration> latest(Connection c, String tenant, String sensor) throws SQLException {
        List<Calibration> all = list(c, tenant, sensor);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static Calibration row(ResultSet rs) throws SQLException {
        return new Calibration(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, LocalDate.class),
                rs.getObject(5, LocalDate.class),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant());
    }
}
