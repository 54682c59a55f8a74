package io.coldchain.records.log;

import io.coldchain.records.log.SeriesStore.Summary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns {@code day_summaries}: the summaries of sealed sensor-days, kept across restarts. Saving is
 * best effort: a summary that cannot be stored (a read-only replica, a concurrent writer) is simply
 * computed again next time.
 */
final class DaySummaryStore {
    private static final Logger LOG = LoggerFactory.getLogger(DaySummaryStore.class);

    /** One stored summary's key. */
    record Key(int sensorId, LocalDate day, int version, String params) {}

    /** The stored summaries among {@code wanted}; a day without readings maps to an empty summary. */
    Map<Key, Optional<Summary>> load(Connection c, List<Key> wanted) throws SQLException {
        Map<Key, Optional<Summary>> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT s.sensor_id, s.day, s.version, s.params, s.summary"
                + " FROM day_summaries s JOIN unnest(?::int[], ?::date[], ?::int[], ?::text[]) AS w(sensor_id, day, version, params)"
                + " ON s.sensor_id = w.sensor_id AND s.day = w.day AND s.version = w.version AND s.params = w.params"
                // Retention deleted rows of the day after it was summarised: the summary is stale.
                + " WHERE NOT EXISTS (SELECT 1 FROM reading_purges p WHERE p.sensor_id = s.sensor_id AND p.day = s.day"
                + " AND p.purged_at >= s.created_at)")) {
            ps.setArray(
                    1,
                    c.createArrayOf("int4", wanted.stream().map(Key::sensorId).toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "date", wanted.stream().map(k -> k.day().toString()).toArray()));
            ps.setArray(
                    3, c.createArrayOf("int4", wanted.stream().map(Key::version).toArray()));
            ps.setArray(
                    4, c.createArrayOf("text", wanted.stream().map(Key::params).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getInt(1), rs.getObject(2, LocalDate.class), rs.getInt(3), rs.getString(4));
                    byte[] bytes = rs.getBytes(5);
                    if (bytes == null) {
                        out.put(k, Optional.empty());
                    } else {
                        // Another format: not loaded, so recomputed and stored again over it.
                        SummaryCodec.decode(bytes).ifPresent(s -> out.put(k, Optional.of(s)));
                    }
                }
            }
        }
        return out;
    }

    /** Stores fresh summaries (replacing stale ones); failures are logged and otherwise ignored. */
    void save(Connection c, Map<Key, Optional<Summary>> summaries) {
        if (summaries.isEmpty()) {
            return;
        }
        Savepoint savepoint = null;
        try {
            // Inside a caller's transaction a failed insert must not abort the rest of it.
            if (!c.getAutoCommit()) {
                savepoint = c.setSavepoint();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO day_summaries (sensor_id, day, version, params, summary) VALUES (?, ?, ?, ?, ?)"
                            // Replaces one made stale by a purge, or of an unknown format.
                            + " ON CONFLICT (sensor_id, day, version, params)"
                            + " DO UPDATE SET summary = excluded.summary, created_at = now()")) {
                for (Map.Entry<Key, Optional<Summary>> e : summaries.entrySet()) {
                    Key k = e.getKey();
                    ps.setInt(1, k.sensorId());
                    ps.setObject(2, k.day());
                    ps.setInt(3, k.version());
                    ps.setString(4, k.params());
                    ps.setBytes(5, e.getValue().map(SummaryCodec::encode).orElse(null));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
        } catch (SQLException e) {
            LOG.warn(
                    "Could not store {} day summaries (they are computed again next time): {}",
                    summaries.size(),
                    e.getMessage());
            if (savepoint != null) {
                try {
                    c.rollback(savepoint);
                } catch (SQLException ex) {
                    LOG.debug("rollback to savepoint: {}", ex.getMessage());
                }
            }
        }
    }
}
