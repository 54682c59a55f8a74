package io.coldchain.records.digest;

import io.coldchain.core.db.Jdbc;
import io.coldchain.registry.RegistryView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code reading_digests} (append-only) and reads {@code reading_purges}; hashes readings in the
 * database, so that a day's rows never travel to Java just to be hashed.
 *
 * <p>The canonical encoding of one reading is {@link #ROW_LINE}: fields joined by {@code |}, a
 * newline after each row, rows in event-time order, an absent optional field as the empty string;
 * floats in PostgreSQL's shortest exact text form (the form of every session with
 * {@code extra_float_digits > 0}, which {@link #canonicalSession} makes sure of).
 */
public final class DigestStore {
    private final RegistryView registry = new RegistryView();

    /** sensor_id | ts in epoch microseconds | temp_c | rh | battery_v | door_open | gateway, newline. */
    static final String ROW_LINE =
            "concat_ws('|', r.sensor_id, (extract(epoch FROM r.ts) * 1000000)::bigint, r.temp_c::text, "
                    + "coalesce(r.rh::text, ''), coalesce(r.battery_v::text, ''), coalesce(r.door_open::text, ''), r.gateway) || E'\\n'";
    /** SHA-256 of the day's lines received before {@code cutoff}; the empty string's hash for none. */
    static final String ROWS_HASH = "sha256(convert_to(coalesce(string_agg(" + ROW_LINE + ", '' ORDER BY r.ts) "
            + "FILTER (WHERE r.received_at < %1$s), ''), 'UTF8'))";

    static final String DAY_START = "(%1$s::timestamp AT TIME ZONE 'UTC')";
    static final String DAY_END = "((%1$s + 1)::timestamp AT TIME ZONE 'UTC')";

    /** A sensor key with its names. */
    public record SensorRef(int id, String tenant, String sensor) {}

    /** What the rows of one day hash to. */
    public record DayHash(LocalDate day, int count, byte[] hash) {}

    /** Float text must not depend on the session: shortest exact form (PostgreSQL 12+). */
    public void canonicalSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET extra_float_digits = 1");
        }
    }

    /** Every sensor key that has readings to seal, of every tenant. */
    public List<SensorRef> sensors(Connection c) throws SQLException {
        return sensorRefs(c, "SELECT id, tenant, sensor FROM sensor_keys ORDER BY id", ps -> {});
    }

    /** The sensor keys of one tenant, or of one of its sensors. */
    public List<SensorRef> sensors(Connection c, String tenant, Optional<String> sensor) throws SQLException {
        return sensorRefs(
                c,
                "SELECT id, tenant, sensor FROM sensor_keys WHERE tenant = ? AND (?::text IS NULL OR sensor = ?) ORDER BY sensor",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setString(2, sensor.orElse(null));
                    ps.setString(3, sensor.orElse(null));
                });
    }

    /** The newest seal of the sensor (latest day, highest version), if any. */
    public Optional<DaySeal> latest(Connection c, SensorRef s) throws SQLException {
        List<DaySeal> rows = seals(c, s, null, null, "ORDER BY d.day DESC, d.version DESC LIMIT 1", false);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The UTC day of the sensor's first reading, if any. */
    public Optional<LocalDate> firstDay(Connection c, SensorRef s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(ts) FROM readings WHERE sensor_id = ?")) {
            ps.setInt(1, s.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null
                        ? Optional.empty()
                        : Optional.of(t.toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
            }
        }
    }

    /** Count and hash of each day {@code from..to} (inclusive) of rows received before {@code cutoff}; days without rows included. */
    public List<DayHash> hashDays(Connection c, SensorRef s, LocalDate from, LocalDate to, Instant cutoff)
            throws SQLException {
        String sql = "SELECT g.day::date, count(r.ts) FILTER (WHERE r.received_at < ?), "
                + String.format(ROWS_HASH, "?")
                + " FROM generate_series(?::date, ?::date, interval '1 day') AS g(day)"
                + " LEFT JOIN readings r ON r.sensor_id = ? AND r.ts >= " + String.format(DAY_START, "g.day::date")
                + " AND r.ts < " + String.format(DAY_END, "g.day::date")
                + " GROUP BY g.day ORDER BY g.day";
        List<DayHash> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setTimestamp(2, Timestamp.from(cutoff));
            ps.setObject(3, from);
            ps.setObject(4, to);
            ps.setInt(5, s.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DayHash(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getBytes(3)));
                }
            }
        }
        return out;
    }

    /** The sensor's calibration due date as the registry holds it (it follows the latest calibration record). */
    public Optional<LocalDate> calibrationDue(Connection c, SensorRef s) throws SQLException {
        return registry.calibrationDue(c, s.tenant(), s.sensor());
    }

    /** The latest seal version of each sealed (sensor key, day) among {@code sensorIds} and days {@code from..to}. */
    public Map<String, Integer> latestVersions(Connection c, List<Integer> sensorIds, LocalDate from, LocalDate to)
            throws SQLException {
        Map<String, Integer> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sensor_id, day, max(version) FROM reading_digests "
                + "WHERE sensor_id = ANY(?::int[]) AND day BETWEEN ? AND ? GROUP BY 1, 2")) {
            ps.setArray(1, c.createArrayOf("int4", sensorIds.toArray()));
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1) + "/" + rs.getObject(2, LocalDate.class), rs.getInt(3));
                }
            }
        }
        return out;
    }

    /** Appends one seal; the caller has computed the link. */
    public void insert(
            Connection c,
            SensorRef s,
            LocalDate day,
            int version,
            DayHash h,
            byte[] prev,
            byte[] digest,
            Instant cutoff,
            int lateRows,
            String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO reading_digests (sensor_id, day, version, row_count, rows_hash, prev_digest, digest, "
                        + "covers_received_before, late_rows, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, s.id());
            ps.setObject(2, day);
            ps.setInt(3, version);
            ps.setInt(4, h.count());
            ps.setBytes(5, h.hash());
            ps.setBytes(6, prev);
            ps.setBytes(7, digest);
            ps.setTimestamp(8, Timestamp.from(cutoff));
            ps.setInt(9, lateRows);
            ps.setString(10, reason);
            ps.executeUpdate();
        }
    }

    /**
     * Seals of the sensor for days {@code from..to} (inclusive, either may be null), every version,
     * with what their rows hash to now ({@code recompute}), oldest first.
     */
    public List<DaySeal> seals(Connection c, SensorRef s, LocalDate from, LocalDate to, boolean recompute)
            throws SQLException {
        return seals(c, s, from, to, "ORDER BY d.day, d.version", recompute);
    }

    /** The seals of days {@code from..to} as stored, every version, oldest first; nothing recomputed, no readings read. */
    public List<DaySeal> storedSeals(Connection c, SensorRef s, LocalDate from, LocalDate to) throws SQLException {
        List<DaySeal> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.id, d.day, d.version, d.row_count, d.rows_hash, d.prev_digest, d.digest, d.covers_received_before, "
                        + "d.late_rows, d.reason, d.sealed_at FROM reading_digests d WHERE d.sensor_id = ? AND d.day BETWEEN ? AND ? "
                        + "ORDER BY d.day, d.version")) {
            ps.setInt(1, s.id());
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // As stored: the row count and hash stand for themselves, nothing recomputed.
                    out.add(seal(rs, s, rs.getInt(4), rs.getBytes(5), 0));
                }
            }
        }
        return out;
    }

    /**
     * Whether day {@code day} of the sensor has a row received at or after {@code cutoff}: it is still
     * being written. Stops at the first such row, so a day a backlog is streaming into answers at once.
     */
    public boolean receivedSince(Connection c, SensorRef s, LocalDate day, Instant cutoff) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT EXISTS (SELECT 1 FROM readings WHERE sensor_id = ? AND ts >= "
                        + String.format(DAY_START, "?::date") + " AND ts < " + String.format(DAY_END, "?::date")
                        + " AND received_at >= ?)")) {
            ps.setInt(1, s.id());
            ps.setObject(2, day);
            ps.setObject(3, day);
            ps.setTimestamp(4, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * When the oldest row of day {@code day} not covered by its latest seal (any row when the day is
     * not sealed) was received: how long the day has been waiting to settle. Empty when there is none.
     */
    public Optional<Instant> oldestUncovered(Connection c, SensorRef s, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(r.received_at) FROM readings r"
                + " LEFT JOIN LATERAL (SELECT d.covers_received_before AS covers FROM reading_digests d"
                + " WHERE d.sensor_id = ? AND d.day = ? ORDER BY d.version DESC LIMIT 1) seal ON true"
                + " WHERE r.sensor_id = ? AND r.ts >= " + String.format(DAY_START, "?::date")
                + " AND r.ts < " + String.format(DAY_END, "?::date")
                + " AND r.received_at >= coalesce(seal.covers, '-infinity'::timestamptz)")) {
            ps.setInt(1, s.id());
            ps.setObject(2, day);
            ps.setInt(3, s.id());
            ps.setObject(4, day);
            ps.setObject(5, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? Optional.empty() : Optional.of(t.toInstant());
            }
        }
    }

    /** The latest version of each sealed day {@code from..to} with rows received after it covered. */
    public List<DaySeal> latestWithLateRows(Connection c, SensorRef s, LocalDate from, LocalDate to)
            throws SQLException {
        List<DaySeal> latest = new ArrayList<>();
        Map<LocalDate, DaySeal> byDay = new LinkedHashMap<>();
        for (DaySeal d : seals(c, s, from, to, "ORDER BY d.day, d.version", false)) {
            byDay.put(d.day(), d);
        }
        for (DaySeal d : byDay.values()) {
            if (d.lateRowsSince() > 0) {
                latest.add(d);
            }
        }
        return latest;
    }

    private List<DaySeal> seals(
            Connection c, SensorRef s, LocalDate from, LocalDate to, String order, boolean recompute)
            throws SQLException {
        // The late-row count is cheap (an index range on the primary key); the hash only when asked.
        String recomputed = recompute ? "x.n, x.h" : "d.row_count, d.rows_hash";
        String sql =
                "SELECT d.id, d.day, d.version, d.row_count, d.rows_hash, d.prev_digest, d.digest, d.covers_received_before, "
                        + "d.late_rows, d.reason, d.sealed_at, " + recomputed + ", x.late"
                        + " FROM reading_digests d CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE r.received_at < d.covers_received_before) AS n, "
                        + (recompute ? String.format(ROWS_HASH, "d.covers_received_before") : "NULL::bytea") + " AS h, "
                        + "count(*) FILTER (WHERE r.received_at >= d.covers_received_before) AS late"
                        + " FROM readings r WHERE r.sensor_id = d.sensor_id AND r.ts >= "
                        + String.format(DAY_START, "d.day")
                        + " AND r.ts < " + String.format(DAY_END, "d.day") + ") x"
                        + " WHERE d.sensor_id = ? AND (?::date IS NULL OR d.day >= ?::date) AND (?::date IS NULL OR d.day <= ?::date) "
                        + order;
        List<DaySeal> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, s.id());
            ps.setObject(2, from);
            ps.setObject(3, from);
            ps.setObject(4, to);
            ps.setObject(5, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(seal(rs, s, rs.getInt(12), rs.getBytes(13), rs.getInt(14)));
                }
            }
        }
        return out;
    }

    /** Days {@code from..to} with readings of the sensor, and how many. */
    public Map<LocalDate, Integer> daysWithReadings(Connection c, SensorRef s, LocalDate from, LocalDate to)
            throws SQLException {
        Map<LocalDate, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (ts AT TIME ZONE 'UTC')::date AS day, count(*) FROM readings WHERE sensor_id = ? AND ts >= "
                        + String.format(DAY_START, "?::date") + " AND ts < " + String.format(DAY_END, "?::date")
                        + " GROUP BY 1 ORDER BY 1")) {
            ps.setInt(1, s.id());
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Rows deleted by retention per day {@code from..to}. */
    public Map<LocalDate, Integer> purges(Connection c, SensorRef s, LocalDate from, LocalDate to) throws SQLException {
        Map<LocalDate, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT day, sum(rows_deleted) FROM reading_purges WHERE sensor_id = ? AND day BETWEEN ? AND ? GROUP BY day")) {
            ps.setInt(1, s.id());
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static List<SensorRef> sensorRefs(Connection c, String sql, Jdbc.Binder binder) throws SQLException {
        return Jdbc.list(c, sql, binder, rs -> new SensorRef(rs.getInt(1), rs.getString(2), rs.getString(3)));
    }

    /**
     * A seal from a row whose first eleven columns are {@code reading_digests}' (id, day, version,
     * row_count, rows_hash, prev_digest, digest, covers_received_before, late_rows, reason,
     * sealed_at), with the figures recomputed from the readings beside it.
     */
    private static DaySeal seal(
            ResultSet rs, SensorRef s, int recomputedCount, byte[] recomputedHash, int lateRowsSince)
            throws SQLException {
        return new DaySeal(
                rs.getLong(1),
                s.tenant(),
                s.sensor(),
                rs.getObject(2, LocalDate.class),
                rs.getInt(3),
                rs.getInt(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getBytes(7),
                rs.getTimestamp(8).toInstant(),
                rs.getInt(9),
                rs.getString(10),
                rs.getTimestamp(11).toInstant(),
                recomputedCount,
                recomputedHash,
                lateRowsSince);
    }
}
