package io.coldchain.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns {@code sensor_keys}: the compact integer key of every (tenant, sensor) ever seen. Keys never
 * change once assigned, so they are cached for the life of the process; a miss assigns keys for a
 * whole batch in one statement. Thread-safe.
 */
public final class SensorKeyStore {
    /** Bounded so that a flood of bogus sensor ids cannot exhaust the heap; evicted keys are simply looked up again. */
    private static final int MAX_CACHED = 200_000;

    public record SensorKey(String tenant, String sensor) {}

    private final Map<SensorKey, Integer> cache = new ConcurrentHashMap<>();

    /**
     * Keys for all of {@code sensors}, assigning new ones as needed. Runs in its own short transaction
     * on {@code c} (autocommit) so that a key, once assigned, is visible to every writer at once.
     */
    public Map<SensorKey, Integer> keys(Connection c, Collection<SensorKey> sensors) throws SQLException {
        Map<SensorKey, Integer> out = new HashMap<>();
        List<SensorKey> missing = new ArrayList<>();
        for (SensorKey k : sensors) {
            Integer id = cache.get(k);
            if (id != null) {
                out.put(k, id);
            } else {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        // Sorted, so that two writers assigning overlapping keys lock them in the same order.
        missing.sort((a, b) -> a.tenant().equals(b.tenant())
                ? a.sensor().compareTo(b.sensor())
                : a.tenant().compareTo(b.tenant()));
        String[] tenants = missing.stream().map(SensorKey::tenant).toArray(String[]::new);
        String[] names = missing.stream().map(SensorKey::sensor).toArray(String[]::new);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(
                "WITH wanted AS (SELECT * FROM unnest(?::text[], ?::text[]) AS w(tenant, sensor)),"
                        + " added AS (INSERT INTO sensor_keys (tenant, sensor) SELECT tenant, sensor FROM wanted"
                        + "   ON CONFLICT (tenant, sensor) DO NOTHING RETURNING id, tenant, sensor)"
                        + " SELECT id, tenant, sensor FROM added"
                        + " UNION ALL SELECT k.id, k.tenant, k.sensor FROM sensor_keys k JOIN wanted w USING (tenant, sensor)")) {
            ps.setArray(1, c.createArrayOf("text", tenants));
            ps.setArray(2, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SensorKey k = new SensorKey(rs.getString(2), rs.getString(3));
                    out.put(k, rs.getInt(1));
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(k, rs.getInt(1));
                }
            }
            // A key another writer committed after this statement's snapshot is neither "added" nor
            // visible above; a second statement (a new snapshot) finds it.
            List<SensorKey> still =
                    missing.stream().filter(k -> !out.containsKey(k)).toList();
            if (!still.isEmpty()) {
                try (PreparedStatement again = c.prepareStatement(
                        "SELECT k.id, k.tenant, k.sensor FROM sensor_keys k JOIN unnest(?::text[], ?::text[]) AS w(tenant, sensor) USING (tenant, sensor)")) {
                    again.setArray(
                            1,
                            c.createArrayOf(
                                    "text",
                                    still.stream().map(SensorKey::tenant).toArray()));
                    again.setArray(
                            2,
                            c.createArrayOf(
                                    "text",
                                    still.stream().map(SensorKey::sensor).toArray()));
                    try (ResultSet rs = again.executeQuery()) {
                        while (rs.next()) {
                            SensorKey k = new SensorKey(rs.getString(2), rs.getString(3));
                            out.put(k, rs.getInt(1));
                            cache.put(k, rs.getInt(1));
                        }
                    }
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        for (SensorKey k : missing) {
            if (!out.containsKey(k)) {
                throw new SQLException(
                        "no key for sensor " + k.tenant() + "/" + k.sensor() + " after assigning it", "40001");
            }
        }
        return out;
    }

    /** The key of one sensor, or null if it never sent a reading. */
    public Integer find(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sensor_keys WHERE tenant = ? AND sensor = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }
}
