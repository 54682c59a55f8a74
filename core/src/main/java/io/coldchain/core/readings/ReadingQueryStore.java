package io.coldchain.core.readings;

import io.coldchain.core.model.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads stored readings ({@code readings} by the integer keys of {@code sensor_keys}); never writes.
 * The one read path shared by the HTTP API, alerting and the tests, so that none of them needs the
 * MQTT edge (ingest's {@code ReadingStore}, which writes these tables). Blocking JDBC on the
 * caller's connection.
 */
public final class ReadingQueryStore {

    /** Raw readings of one sensor in event-time order, {@code from} inclusive, {@code to} exclusive. */
    public List<Reading> bySensor(Connection c, String tenant, String sensor, Instant from, Instant to, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT r.ts, r.gateway, r.received_at, r.temp_c, r.rh, r.battery_v, r.door_open, r.seq "
                        + "FROM sensor_keys k JOIN readings r ON r.sensor_id = k.id "
                        + "WHERE k.tenant = ? AND k.sensor = ? AND r.ts >= ? AND r.ts < ? ORDER BY r.ts LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setInt(5, limit);
            List<Reading> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reading(rs, 1, tenant, sensor));
                }
            }
            return out;
        }
    }

    /** One sensor's event-time range {@code [from, to)} to read, with the names its readings carry. */
    public record KeyRange(int sensorId, String tenant, String sensor, Instant from, Instant to) {}

    /**
     * Raw readings of several sensors, each over its own range, in one statement: by sensor key, in
     * event-time order, at most {@code limitPerSensor} each. Sensors without readings are absent.
     */
    public Map<Integer, List<Reading>> byKeys(Connection c, List<KeyRange> ranges, int limitPerSensor)
            throws SQLException {
        Map<Integer, List<Reading>> out = new LinkedHashMap<>();
        if (ranges.isEmpty()) {
            return out;
        }
        Map<Integer, KeyRange> byId = new LinkedHashMap<>();
        ranges.forEach(r -> byId.put(r.sensorId(), r));
        try (PreparedStatement ps = c.prepareStatement(
                // Times as UTC text, not java.sql.Timestamp (sent as local time without an offset); the
                // scalar bounds let TimescaleDB exclude chunks at planning, which the per-row ones cannot.
                "SELECT w.id, r.ts, r.gateway, r.received_at, r.temp_c, r.rh, r.battery_v, r.door_open, r.seq "
                        + "FROM unnest(?::int[], ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS w(id, f, t) "
                        + "JOIN LATERAL (SELECT * FROM readings x WHERE x.sensor_id = w.id AND x.ts >= w.f "
                        + "AND x.ts < w.t AND x.ts >= ? AND x.ts < ? ORDER BY x.ts LIMIT ?) r ON true "
                        + "ORDER BY w.id, r.ts")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "int4", ranges.stream().map(KeyRange::sensorId).toArray(Integer[]::new)));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "text",
                            ranges.stream().map(r -> r.from().toString()).toArray()));
            ps.setArray(
                    3,
                    c.createArrayOf(
                            "text", ranges.stream().map(r -> r.to().toString()).toArray()));
            Instant first =
                    ranges.stream().map(KeyRange::from).min(Instant::compareTo).orElseThrow();
            Instant last =
                    ranges.stream().map(KeyRange::to).max(Instant::compareTo).orElseThrow();
            ps.setTimestamp(4, Timestamp.from(first));
            ps.setTimestamp(5, Timestamp.from(last));
            ps.setInt(6, limitPerSensor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    KeyRange k = byId.get(rs.getInt(1));
                    out.computeIfAbsent(k.sensorId(), id -> new ArrayList<>())
                            .add(reading(rs, 2, k.tenant(), k.sensor()));
                }
            }
        }
        return out;
    }

    /**
     * The reading of a row whose columns from {@code first} on are ts, gateway, received_at, temp_c,
     * rh, battery_v, door_open, seq.
     */
    private static Reading reading(ResultSet rs, int first, String tenant, String sensor) throws SQLException {
        return new Reading(
                tenant,
                rs.getString(first + 1),
                sensor,
                rs.getTimestamp(first).toInstant(),
                rs.getDouble(first + 3),
                (Double) rs.getObject(first + 4),
                (Double) rs.getObject(first + 5),
                (Boolean) rs.getObject(first + 6),
                (Long) rs.getObject(first + 7),
                rs.getTimestamp(first + 2).toInstant());
    }

    /** A sensor's names behind its integer key. */
    public record SensorName(String tenant, String sensor) {}

    public Optional<SensorName> sensorName(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, sensor FROM sensor_keys WHERE id = ?")) {
            ps.setInt(1, sensorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SensorName(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** The newest reading of a sensor by event time: its event time and when it was received. */
    public record Latest(int sensorId, String tenant, String sensor, Instant ts, Instant receivedAt) {}

    /** {@link #latest} of several sensors: sensor key → reception time of its newest reading; those without any absent. */
    public Map<Integer, Instant> latestReceived(Connection c, int[] sensorIds) throws SQLException {
        Map<Integer, Instant> out = new HashMap<>();
        if (sensorIds.length == 0) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT k.id, r.received_at FROM unnest(?::int[]) AS k(id) "
                        + "JOIN LATERAL (SELECT received_at FROM readings WHERE sensor_id = k.id ORDER BY ts DESC LIMIT 1) r ON true")) {
            ps.setArray(
                    1,
                    c.createArrayOf("integer", Arrays.stream(sensorIds).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return out;
    }

    public Optional<Latest> latest(Connection c, int sensorId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT k.tenant, k.sensor, r.ts, r.received_at FROM sensor_keys k "
                        + "JOIN LATERAL (SELECT ts, received_at FROM readings WHERE sensor_id = k.id ORDER BY ts DESC LIMIT 1) r ON true "
                        + "WHERE k.id = ?")) {
            ps.setInt(1, sensorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Latest(
                                sensorId,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /**
     * Raw readings of several sensors of a tenant, {@code from} inclusive, {@code to} exclusive, by
     * sensor in event-time order; at most {@code limitPerSensor} each. Sensors without readings are
     * absent.
     */
    public Map<String, List<Reading>> bySensors(
            Connection c, String tenant, List<String> sensors, Instant from, Instant to, int limitPerSensor)
            throws SQLException {
        Map<String, List<Reading>> out = new LinkedHashMap<>();
        if (sensors.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT k.sensor, r.ts, r.gateway, r.received_at, r.temp_c, r.rh, r.battery_v, r.door_open, r.seq "
                        + "FROM sensor_keys k CROSS JOIN LATERAL (SELECT * FROM readings WHERE sensor_id = k.id AND ts >= ? AND ts < ? "
                        + "ORDER BY ts LIMIT ?) r WHERE k.tenant = ? AND k.sensor = ANY (?::text[]) ORDER BY k.sensor, r.ts")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, limitPerSensor);
            ps.setString(4, tenant);
            ps.setArray(5, c.createArrayOf("text", sensors.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sensor = rs.getString(1);
                    out.computeIfAbsent(sensor, k -> new ArrayList<>()).add(reading(rs, 2, tenant, sensor));
                }
            }
        }
        return out;
    }
}
