package io.coldchain.registry;

import io.coldchain.core.db.Jdbc;
import io.coldchain.core.readings.ReadingQueryStore.Latest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the other modules ask of the {@code sensors} table: the gateway each registered sensor is
 * bound to (ingest, in its write transaction), which sensors are registered (the unassigned list),
 * and the registered sensors on an asset that fell silent (alerting's live gap check). Blocking JDBC
 * on the caller's connection.
 */
public final class RegisteredSensors {

    /** A sensor of a tenant. */
    public record SensorId(String tenant, String sensor) {}

    /** The gateway each registered sensor among {@code ids} is bound to; unregistered ones are absent. */
    public Map<SensorId, String> gateways(Connection c, Collection<SensorId> ids) throws SQLException {
        Map<SensorId, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Object[] tenants = ids.stream().map(SensorId::tenant).toArray();
        Object[] sensors = ids.stream().map(SensorId::sensor).toArray();
        for (String[] row : Jdbc.list(
                c,
                "SELECT s.tenant, s.sensor, s.gateway FROM sensors s "
                        + "JOIN unnest(?::text[], ?::text[]) AS k(tenant, sensor) ON s.tenant = k.tenant AND s.sensor = k.sensor",
                ps -> {
                    ps.setArray(1, c.createArrayOf("text", tenants));
                    ps.setArray(2, c.createArrayOf("text", sensors));
                },
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
            out.put(new SensorId(row[0], row[1]), row[2]);
        }
        return out;
    }

    /** Which of {@code sensors} the tenant has registered. */
    public Set<String> registered(Connection c, String tenant, Collection<String> sensors) throws SQLException {
        if (sensors.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Jdbc.list(
                c,
                "SELECT sensor FROM sensors WHERE tenant = ? AND sensor = ANY (?::text[])",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setArray(2, c.createArrayOf("text", sensors.toArray()));
                },
                rs -> rs.getString(1)));
    }

    /** Registers the sensor bound to {@code gateway}, or rebinds it (tests and tools; the API PUT is {@link RegistryStore}). */
    public void bind(Connection c, String tenant, String sensor, String gateway) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sensors (tenant, sensor, gateway) VALUES (?, ?, ?) "
                + "ON CONFLICT (tenant, sensor) DO UPDATE SET gateway = excluded.gateway")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            ps.setString(3, gateway);
            ps.executeUpdate();
        }
    }

    /**
     * Registered sensors on an asset whose newest reading (by event time) is older than
     * {@code silentSince} but newer than {@code notBefore}: candidates for a live data-gap check.
     */
    public List<Latest> silentOnAssets(Connection c, Instant silentSince, Instant notBefore) throws SQLException {
        return new ArrayList<>(Jdbc.list(
                c,
                "SELECT k.id, k.tenant, k.sensor, r.ts, r.received_at "
                        + "FROM sensors s JOIN sensor_keys k ON k.tenant = s.tenant AND k.sensor = s.sensor "
                        + "JOIN LATERAL (SELECT ts, received_at FROM readings WHERE sensor_id = k.id ORDER BY ts DESC LIMIT 1) r ON true "
                        + "WHERE s.asset IS NOT NULL AND r.ts < ? AND r.ts > ? ORDER BY k.id",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(silentSince));
                    ps.setTimestamp(2, Timestamp.from(notBefore));
                },
                rs -> new Latest(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant())));
    }
}
