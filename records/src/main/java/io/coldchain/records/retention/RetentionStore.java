package io.coldchain.records.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * The SQL of the retention job: which readings batches still need, and the deletion of the others
 * older than the cutoff, logged per sensor and day in {@code reading_purges}. Deletes from
 * {@code readings} (owned by ingest) under the one rule that lets anything leave it: retention.
 *
 * <p>"Needed": a reading of sensor S at time t is needed while some batch whose records must still be
 * kept (max(expires_at + 6 months, produced_at + 2 years) after now) was on an asset (shipment or
 * placement, [from, to)) that S was assigned to at t ({@code sensor_assignments}).
 */
public final class RetentionStore {

    /** Builds the session's table of needed (sensor key, [from, to)) intervals as of {@code now}; returns its size. */
    public int prepareNeeded(Connection c, Instant now) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS retention_needed");
            st.execute(
                    "CREATE TEMP TABLE retention_needed (sensor_id integer NOT NULL, f timestamptz NOT NULL, t timestamptz NOT NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_needed (sensor_id, f, t) "
                + "WITH stays AS ("
                + "  SELECT sb.tenant, sb.lot, s.asset, s.departed_at AS f, coalesce(s.arrived_at, 'infinity') AS t"
                + "  FROM shipments s JOIN shipment_batches sb ON sb.tenant = s.tenant AND sb.shipment = s.shipment"
                + "  UNION ALL SELECT p.tenant, p.lot, p.asset, p.from_ts, coalesce(p.to_ts, 'infinity') FROM placements p),"
                + " kept AS (SELECT st.* FROM stays st JOIN batches b ON b.tenant = st.tenant AND b.lot = st.lot"
                + "  WHERE greatest(b.expires_at + interval '6 months', b.produced_at + interval '2 years') > ?)"
                + " SELECT k.id, greatest(kept.f, sa.valid_from), least(kept.t, coalesce(sa.valid_to, 'infinity'))"
                + " FROM kept JOIN sensor_assignments sa ON sa.tenant = kept.tenant AND sa.asset = kept.asset"
                + "  AND sa.valid_from < kept.t AND coalesce(sa.valid_to, 'infinity') > kept.f"
                + " JOIN sensor_keys k ON k.tenant = sa.tenant AND k.sensor = sa.sensor")) {
            ps.setTimestamp(1, Timestamp.from(now));
            int n = ps.executeUpdate();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE INDEX ON retention_needed (sensor_id, f)");
                st.execute("ANALYZE retention_needed");
            }
            return n;
        }
    }

    /** Drops the session's table of needed intervals (the connection goes back to a pool). */
    public void dropNeeded(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS retention_needed");
        }
    }

    /** Sensor keys with readings older than {@code cutoff}. */
    public List<Integer> sensorsWithReadingsBefore(Connection c, Instant cutoff) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT k.id FROM sensor_keys k WHERE EXISTS (SELECT 1 FROM readings r WHERE r.sensor_id = k.id AND r.ts < ?) ORDER BY k.id")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    /** One purge step: how many readings it deleted, and where the sensor's next step starts (null: nothing left). */
    public record Purge(int deleted, Instant resumeAt) {}

    /**
     * Deletes, oldest first, at most {@code limit} readings of the sensor from {@code from} up to
     * {@code cutoff} that no needed interval covers, stopping short of the next needed interval, and
     * logs them per day in {@code reading_purges}.
     *
     * <p>Two statements, because of TimescaleDB's compressed chunks: a DELETE there decompresses every
     * compressed batch its constant conditions on the segment (sensor) and order (time) columns do not
     * rule out, and fails past {@code timescaledb.max_tuples_decompressed_per_dml_transaction} (100,000
     * by default). Measured on 2.28.3: a DELETE joined to the rows to delete decompressed the whole
     * hypertable (every sensor, every chunk); one with the sensor and a time range as constants only
     * the batches of that range. So the first statement finds the range (its first and last doomed
     * reading, cut before the next needed interval, so the range holds no reading that stays) and the
     * second deletes that range: at most {@code limit} rows plus the two batches at its edges are
     * decompressed. The DELETE is sent unnamed (prepare threshold 0) so that PostgreSQL plans it with
     * the values as constants every time; a cached generic plan has parameters instead, and
     * TimescaleDB then decompresses every batch again. On plain PostgreSQL the same statements do the
     * same deletion.
     */
    public Purge purge(Connection c, int sensorId, Instant from, Instant cutoff, int limit) throws SQLException {
        Timestamp lo;
        Timestamp hi;
        Timestamp nextNeeded;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.lo, d.hi, (SELECT min(n.f) FROM retention_needed n WHERE n.sensor_id = ? AND n.f > d.lo)"
                        + " FROM (SELECT min(r.ts) AS lo, max(r.ts) AS hi FROM (SELECT r.ts FROM readings r"
                        + "  WHERE r.sensor_id = ? AND r.ts >= ? AND r.ts < ?"
                        + "  AND NOT EXISTS (SELECT 1 FROM retention_needed n WHERE n.sensor_id = r.sensor_id AND r.ts >= n.f AND r.ts < n.t)"
                        + "  ORDER BY r.ts LIMIT ?) r) d")) {
            ps.setInt(1, sensorId);
            ps.setInt(2, sensorId);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(cutoff));
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lo = rs.getTimestamp(1);
                hi = rs.getTimestamp(2);
                nextNeeded = rs.getTimestamp(3);
            }
        }
        if (lo == null) {
            return new Purge(0, null);
        }
        // The range [lo, end): up to the last doomed reading found, and before the next needed interval.
        boolean cutShort = nextNeeded != null && !nextNeeded.after(hi);
        Timestamp end = cutShort ? nextNeeded : Timestamp.from(hi.toInstant().plusNanos(1_000));
        int deleted;
        try (PreparedStatement ps = c.prepareStatement(
                "WITH gone AS (DELETE FROM readings r WHERE r.sensor_id = ? AND r.ts >= ? AND r.ts < ?"
                        + "  AND NOT EXISTS (SELECT 1 FROM retention_needed n WHERE n.sensor_id = r.sensor_id AND r.ts >= n.f AND r.ts < n.t)"
                        + "  RETURNING r.sensor_id, r.ts),"
                        + " logged AS (INSERT INTO reading_purges (sensor_id, day, rows_deleted, cutoff)"
                        + "  SELECT sensor_id, (ts AT TIME ZONE 'UTC')::date, count(*), ? FROM gone GROUP BY 1, 2 RETURNING rows_deleted)"
                        + " SELECT coalesce(sum(rows_deleted), 0) FROM logged")) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            ps.setInt(1, sensorId);
            ps.setTimestamp(2, lo);
            ps.setTimestamp(3, end);
            ps.setTimestamp(4, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                deleted = rs.getInt(1);
            }
        }
        return new Purge(deleted, end.toInstant());
    }
}
