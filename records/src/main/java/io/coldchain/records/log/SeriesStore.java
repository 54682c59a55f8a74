package io.coldchain.records.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code readings} (owned by ingest's ReadingStore, which writes them) for the records: per
 * sensor summaries, gaps, coverage and time out of range in one pass; the raw curve; the rolled-up
 * curve. Read-only. Queries take several sensors at once (a site's), so that a log is a handful of
 * statements whatever its number of sensors.
 *
 * <p>Each reading "stands for" the time until the next one (the last: until the end of the window),
 * as in the mean kinetic temperature and the alert rules; a reading beyond a limit therefore counts
 * out of range until the next reading, gap included (the conservative choice for food safety).
 */
public final class SeriesStore {
    /**
     * A rolled-up bucket from a row of (sensor, bucket, mean, min, max, readings): the same columns
     * whether computed here or read from TimescaleDB's continuous aggregate ({@link RollupViewStore}).
     */
    static Point rollupPoint(int sensorId, java.sql.ResultSet rs) throws SQLException {
        return new Point(
                sensorId,
                rs.getTimestamp(2).toInstant(),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getInt(6),
                null,
                null,
                null,
                null);
    }

    /** work_mem for the summary's sort: 30 days of 20 sensors at one reading a minute is about 40 MB. */
    static final String SORT_MEMORY = "96MB";

    /**
     * What to summarise for one sensor over its window {@code [from, to)}: its key, the required
     * recording interval, the gap threshold, the limits, the end of its calibration's due date.
     */
    public record Request(
            int sensorId,
            Instant from,
            Instant to,
            Duration required,
            Duration gapAfter,
            Double minC,
            Double maxC,
            Instant calibrationDueEnd) {}

    /** One gap: no reading from {@code from} (a reading, or the window's start) to {@code to} (the next reading, or the window's end). */
    public record Gap(Instant from, Instant to) {
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /** Summary of one sensor over the window. */
    public record Summary(
            int sensorId,
            int count,
            Double minC,
            Double maxC,
            Double meanC,
            Instant first,
            Instant last,
            Double lastC,
            Duration covered,
            Duration outOfRange,
            Duration aboveMax,
            Duration belowMin,
            int afterCalibrationDue,
            List<Gap> gaps,
            List<Point> buckets) {}

    /** One point of a curve: a reading (count 1, min = max = avg) or a bucket. */
    public record Point(
            int sensorId,
            Instant ts,
            double minC,
            double maxC,
            double avgC,
            int count,
            Double rh,
            Double batteryV,
            Boolean doorOpen,
            String gateway) {}

    /** Whether TimescaleDB is installed in this database: rollups then use time_bucket. */
    public boolean timescale(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The integer key of a sensor, or null when it never sent a reading. */
    public Integer sensorId(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sensor_keys WHERE tenant = ? AND sensor = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /**
     * Summaries of the requests, in their order; null for a request without readings in its window.
     * Gaps here are between readings and after the last one (until the window's end); the caller adds
     * the one before the first reading, which needs no query. One statement for all requests.
     */
    public List<Summary> summaries(Connection c, List<Request> requests) throws SQLException {
        return summaries(c, requests, null, null);
    }

    /**
     * As {@link #summaries(Connection, List)}, and when {@code bucket} is given, each summary also
     * carries the window's readings rolled up to buckets of that width aligned on {@code origin}
     * (min, max, mean, count), from the same scan of the readings (GROUPING SETS).
     */
    public List<Summary> summaries(Connection c, List<Request> requests, Duration bucket, Instant origin)
            throws SQLException {
        List<Summary> out = new ArrayList<>(java.util.Collections.nCopies(requests.size(), (Summary) null));
        if (requests.isEmpty()) {
            return out;
        }
        // One lateral subquery per window: the readings come out of the primary key in time order, so
        // lead() needs no sort, and each window is aggregated on its own (no grouping of all rows).
        // Gap arrays are collected in that order and sorted again in Java all the same.
        String bin = bucket == null
                ? "NULL::timestamptz"
                : "date_bin('" + bucket.toSeconds() + " seconds'::interval, x.ts, ?::timestamptz)";
        String sql =
                "SELECT p.k, a.* FROM unnest(?::int[], ?::timestamptz[], ?::timestamptz[], ?::float8[], ?::float8[], "
                        + "   ?::float8[], ?::float8[], ?::timestamptz[]) WITH ORDINALITY"
                        + "   AS p(sensor_id, w_from, w_to, req_s, gap_s, min_c, max_c, due_end, k)"
                        + " CROSS JOIN LATERAL (SELECT count(*) AS n, min(r.temp_c), max(r.temp_c), avg(r.temp_c), min(r.ts), max(r.ts),"
                        + "  extract(epoch FROM sum(least(r.nxt - r.ts, p.req_s * interval '1 second'))),"
                        + "  coalesce(extract(epoch FROM sum(r.nxt - r.ts) FILTER (WHERE r.temp_c < p.min_c OR r.temp_c > p.max_c)), 0),"
                        + "  coalesce(extract(epoch FROM sum(r.nxt - r.ts) FILTER (WHERE r.temp_c > p.max_c)), 0),"
                        + "  coalesce(extract(epoch FROM sum(r.nxt - r.ts) FILTER (WHERE r.temp_c < p.min_c)), 0),"
                        + "  count(*) FILTER (WHERE r.ts >= p.due_end),"
                        + "  array_agg(r.ts) FILTER (WHERE r.nxt - r.ts > p.gap_s * interval '1 second'),"
                        + "  array_agg(r.nxt) FILTER (WHERE r.nxt - r.ts > p.gap_s * interval '1 second'),"
                        + (bucket == null ? "  NULL::timestamptz AS b, 1 AS total," : "  r.b, grouping(r.b) AS total,")
                        + "  max(r.temp_c) FILTER (WHERE r.is_last)"
                        + "  FROM (SELECT y.ts, y.temp_c, coalesce(y.next_ts, p.w_to) AS nxt, y.next_ts IS NULL AS is_last, y.b FROM"
                        + "   (SELECT x.ts, x.temp_c, lead(x.ts) OVER (ORDER BY x.ts) AS next_ts, " + bin + " AS b"
                        + "   FROM readings x WHERE x.sensor_id = p.sensor_id AND x.ts >= p.w_from AND x.ts < p.w_to ORDER BY x.ts) y) r"
                        + "  GROUP BY GROUPING SETS (" + (bucket == null ? "()" : "(), (r.b)") + ")) a"
                        + " WHERE a.n > 0";
        int n = requests.size();
        Integer[] ids = new Integer[n];
        Timestamp[] froms = new Timestamp[n];
        Timestamp[] tos = new Timestamp[n];
        Double[] req = new Double[n];
        Double[] gap = new Double[n];
        Double[] min = new Double[n];
        Double[] max = new Double[n];
        Timestamp[] due = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            Request q = requests.get(i);
            ids[i] = q.sensorId();
            froms[i] = Timestamp.from(q.from());
            tos[i] = Timestamp.from(q.to());
            req[i] = q.required().toMillis() / 1000.0;
            gap[i] = q.gapAfter().toMillis() / 1000.0;
            min[i] = q.minC();
            max[i] = q.maxC();
            due[i] = q.calibrationDueEnd() == null ? null : Timestamp.from(q.calibrationDueEnd());
        }
        boolean auto = c.getAutoCommit();
        if (auto) {
            c.setAutoCommit(false); // SET LOCAL needs a transaction; a caller's own transaction is left to it
        }
        try (Statement st = c.createStatement()) {
            // The window sorts every reading of the period; in memory, not in temporary files.
            st.execute("SET LOCAL work_mem = '" + SORT_MEMORY + "'");
        }
        List<List<Point>> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            buckets.add(new ArrayList<>());
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("int4", ids));
            ps.setArray(2, c.createArrayOf("timestamptz", froms));
            ps.setArray(3, c.createArrayOf("timestamptz", tos));
            ps.setArray(4, c.createArrayOf("float8", req));
            ps.setArray(5, c.createArrayOf("float8", gap));
            ps.setArray(6, c.createArrayOf("float8", min));
            ps.setArray(7, c.createArrayOf("float8", max));
            ps.setArray(8, c.createArrayOf("timestamptz", due));
            if (bucket != null) {
                ps.setTimestamp(9, Timestamp.from(origin));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int k = rs.getInt(1) - 1;
                    if (rs.getInt(16) == 0) { // a bucket's row
                        buckets.get(k)
                                .add(new Point(
                                        ids[k],
                                        rs.getTimestamp(15).toInstant(),
                                        rs.getDouble(3),
                                        rs.getDouble(4),
                                        rs.getDouble(5),
                                        rs.getInt(2),
                                        null,
                                        null,
                                        null,
                                        null));
                        continue;
                    }
                    List<Gap> gaps = new ArrayList<>();
                    Array starts = rs.getArray(13);
                    Array ends = rs.getArray(14);
                    if (starts != null) {
                        Timestamp[] s = (Timestamp[]) starts.getArray();
                        Timestamp[] e = (Timestamp[]) ends.getArray();
                        for (int i = 0; i < s.length; i++) {
                            gaps.add(new Gap(s[i].toInstant(), e[i].toInstant()));
                        }
                        gaps.sort(java.util.Comparator.comparing(Gap::from));
                    }
                    out.set(
                            k,
                            new Summary(
                                    ids[k],
                                    rs.getInt(2),
                                    rs.getDouble(3),
                                    rs.getDouble(4),
                                    rs.getDouble(5),
                                    rs.getTimestamp(6).toInstant(),
                                    rs.getTimestamp(7).toInstant(),
                                    rs.getDouble(17),
                                    seconds(rs.getDouble(8)),
                                    seconds(rs.getDouble(9)),
                                    seconds(rs.getDouble(10)),
                                    seconds(rs.getDouble(11)),
                                    rs.getInt(12),
                                    gaps,
                                    buckets.get(k)));
                }
            }
        } finally {
            if (auto) {
                c.commit();
                c.setAutoCommit(true);
            }
        }
        for (List<Point> b : buckets) {
            b.sort(java.util.Comparator.comparing(Point::ts));
        }
        return out;
    }

    /** Summary of a request with the gap before its first reading added (the whole window when it has none). */
    public static List<Gap> allGaps(Request q, Summary s) {
        List<Gap> gaps = new ArrayList<>();
        if (s == null) {
            gaps.add(new Gap(q.from(), q.to()));
            return gaps;
        }
        if (Duration.between(q.from(), s.first()).compareTo(q.gapAfter()) > 0) {
            gaps.add(new Gap(q.from(), s.first()));
        }
        gaps.addAll(s.gaps());
        return gaps;
    }

    /** Every reading of the sensors in {@code [from, to)}, by sensor and time. */
    public List<Point> raw(Connection c, List<Integer> sensorIds, Instant from, Instant to) throws SQLException {
        List<Point> out = new ArrayList<>();
        if (sensorIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sensor_id, ts, temp_c, rh, battery_v, door_open, gateway FROM readings "
                        + "WHERE sensor_id = ANY(?::int[]) AND ts >= ? AND ts < ? ORDER BY sensor_id, ts")) {
            ps.setArray(1, c.createArrayOf("int4", sensorIds.toArray()));
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double t = rs.getDouble(3);
                    out.add(new Point(
                            rs.getInt(1),
                            rs.getTimestamp(2).toInstant(),
                            t,
                            t,
                            t,
                            1,
                            (Double) rs.getObject(4),
                            (Double) rs.getObject(5),
                            (Boolean) rs.getObject(6),
                            rs.getString(7)));
                }
            }
        }
        return out;
    }

    /**
     * The sensors' readings in {@code [from, to)} rolled up to buckets of {@code bucket} aligned on
     * {@code from}: min, max, mean and count per bucket. TimescaleDB's time_bucket when installed (it
     * can use the hypertable's chunk ordering), else PostgreSQL's date_bin: the same buckets.
     */
    public List<Point> rollup(
            Connection c, List<Integer> sensorIds, Instant from, Instant to, Duration bucket, boolean timescale)
            throws SQLException {
        List<Point> out = new ArrayList<>();
        if (sensorIds.isEmpty()) {
            return out;
        }
        String bin = timescale
                ? "time_bucket(?::interval, ts, ?::timestamptz)"
                : "date_bin(?::interval, ts, ?::timestamptz)";
        boolean auto = c.getAutoCommit();
        if (auto) {
            c.setAutoCommit(false);
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL work_mem = '" + SORT_MEMORY + "'"); // the grouping in memory
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sensor_id, " + bin + " AS b, min(temp_c), max(temp_c), avg(temp_c), count(*) FROM readings "
                        + "WHERE sensor_id = ANY(?::int[]) AND ts >= ? AND ts < ? GROUP BY 1, 2 ORDER BY 1, 2")) {
            ps.setString(1, bucket.toSeconds() + " seconds");
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setArray(3, c.createArrayOf("int4", sensorIds.toArray()));
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rollupPoint(rs.getInt(1), rs));
                }
            }
        } finally {
            if (auto) {
                c.commit();
                c.setAutoCommit(true);
            }
        }
        return out;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
