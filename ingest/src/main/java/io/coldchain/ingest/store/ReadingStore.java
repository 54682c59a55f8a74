package io.coldchain.ingest.store;

import io.coldchain.core.db.BinaryCopy;
import io.coldchain.core.db.Jdbc;
import io.coldchain.core.model.Reading;
import io.coldchain.core.model.ReadingKey;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.registry.GatewayBindings;
import io.coldchain.registry.RegisteredSensors;
import io.coldchain.registry.RegisteredSensors.SensorId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;

/**
 * Owns {@code readings}, {@code reading_conflicts} and {@code unassigned_sensors}; the gateway
 * binding of registered sensors comes from the registry ({@link GatewayBindings}). Readings are keyed by the integer sensor key of
 * {@link SensorKeyStore} and event time.
 *
 * <p>Two write paths. The common one: a binary {@code COPY} of the batch straight into {@code
 * readings}, in key order, inside a savepoint: as fast as the database takes rows. When a key is
 * already stored (a redelivery, a replayed backlog) that COPY fails as a whole; the savepoint is
 * rolled back and the batch takes the careful path: COPY into a session-local staging table, then
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING} (about 1.6 times the database's work per row),
 * and only when some rows were not inserted a statement that records conflicting values. A batch
 * holding one key twice goes the careful way at once. After a failed direct COPY the next {@value
 * #CAREFUL_AFTER_COLLISION} batches go the careful way too, so that a gateway replaying what is
 * stored costs at most one wasted COPY per writer in that many batches.
 *
 * <p>Both paths send rows in key order; for equal keys the careful path keeps arrival order, so the
 * first value received wins. The careful path inserts in that order, so two writers with overlapping
 * keys take locks in the same order. TimescaleDB's COPY buffers rows per chunk and writes a batch
 * spanning two chunks out of global key order, so two direct COPYs can deadlock: a deadlock is
 * treated like a stored key (rolled back to the savepoint, which ends the wait, then careful).
 */
public final class ReadingStore {
    /** Batches that go the careful way after a direct COPY met a stored key. */
    static final int CAREFUL_AFTER_COLLISION = 8;

    private final RegisteredSensors registered = new RegisteredSensors();
    private final GatewayBindings bindings = new GatewayBindings();
    /** Batches still to go the careful way (shared by the writers: collisions come from the data, not a writer). */
    private final AtomicInteger carefulLeft = new AtomicInteger();

    /** How a batch was written: straight COPY, careful path, or careful after the straight COPY met a stored key. */
    public enum WritePath {
        DIRECT,
        CAREFUL,
        COLLIDED
    }

    /** Result of {@link #insert}: rows stored, rows already there, and of those how many had other values. */
    public record InsertResult(int inserted, int duplicates, int conflicts, WritePath path) {}

    /** Binding of registered sensors among {@code keys}: (tenant, sensor) → gateway. Unregistered ones are absent. */
    public Map<SensorKey, String> bindings(Connection c, Iterable<SensorKey> keys) throws SQLException {
        List<SensorId> ids = new ArrayList<>();
        keys.forEach(k -> ids.add(new SensorId(k.tenant(), k.sensor())));
        Map<SensorKey, String> out = new HashMap<>();
        bindings.gateways(c, ids).forEach((id, gateway) -> out.put(new SensorKey(id.tenant(), id.sensor()), gateway));
        return out;
    }

    /**
     * Stores the readings within the caller's transaction; duplicates are stored once, conflicts
     * recorded. {@code sensorIds[i]} is the {@link SensorKeyStore} key of {@code readings.get(i)}.
     */
    public InsertResult insert(Connection c, List<Reading> readings, int[] sensorIds) throws SQLException {
        if (readings.isEmpty()) {
            return new InsertResult(0, 0, 0, WritePath.DIRECT);
        }
        int[] order = BinaryReadingCopy.keyOrder(readings, sensorIds);
        WritePath path = WritePath.CAREFUL;
        if (order != null && claimDirect()) {
            Savepoint before = c.setSavepoint();
            try {
                BinaryReadingCopy.copy(c, "readings", readings, sensorIds, order);
                c.releaseSavepoint(before);
                return new InsertResult(readings.size(), 0, 0, WritePath.DIRECT);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DEADLOCK.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
                c.releaseSavepoint(before);
                carefulLeft.set(CAREFUL_AFTER_COLLISION);
                path = WritePath.COLLIDED;
            }
        }
        return careful(c, readings, sensorIds, path);
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK = "40P01";

    private boolean claimDirect() {
        return carefulLeft.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
    }

    /** Staging table, {@code INSERT … ON CONFLICT DO NOTHING}, conflicting values recorded. */
    private InsertResult careful(Connection c, List<Reading> readings, int[] sensorIds, WritePath path)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS ingest_staging ("
                    + "sensor_id integer, ts_us bigint, gateway text COLLATE \"C\", received_at_us bigint, temp_c float8, "
                    + "rh float8, battery_v float8, door_open boolean, seq bigint, ord integer) ON COMMIT DELETE ROWS");
        }
        copy(c, readings, sensorIds);
        int inserted;
        try (Statement st = c.createStatement()) {
            inserted = st.executeUpdate("INSERT INTO readings "
                    + "(sensor_id, ts, gateway, received_at, temp_c, rh, battery_v, door_open, seq) "
                    + "SELECT sensor_id, " + ts("ts_us") + ", gateway, " + ts("received_at_us")
                    + ", temp_c, rh, battery_v, door_open, seq "
                    + "FROM ingest_staging ORDER BY sensor_id, ts_us, ord ON CONFLICT DO NOTHING");
        }
        int notInserted = readings.size() - inserted;
        int conflicts = 0;
        if (notInserted > 0) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("WITH differing AS ("
                            + "  SELECT k.tenant, k.sensor, s.sensor_id, " + ts("s.ts_us") + " AS ts, s.gateway, "
                            + ts("s.received_at_us") + " AS received_at,"
                            + "   s.temp_c, s.rh, s.battery_v, s.door_open, s.seq, s.ord"
                            + "  FROM ingest_staging s JOIN readings r ON r.sensor_id = s.sensor_id AND r.ts = "
                            + ts("s.ts_us") + ""
                            + "  JOIN sensor_keys k ON k.id = s.sensor_id"
                            + "  WHERE (r.temp_c, r.rh, r.battery_v, r.door_open) IS DISTINCT FROM (s.temp_c, s.rh, s.battery_v, s.door_open)),"
                            + " kept AS (INSERT INTO reading_conflicts "
                            + "  (tenant, sensor, ts, gateway, received_at, temp_c, rh, battery_v, door_open, seq)"
                            + "  SELECT DISTINCT ON (tenant, sensor, ts, temp_c, rh, battery_v, door_open)"
                            + "   tenant, sensor, ts, gateway, received_at, temp_c, rh, battery_v, door_open, seq FROM differing"
                            + "  ORDER BY tenant, sensor, ts, temp_c, rh, battery_v, door_open, ord ON CONFLICT DO NOTHING RETURNING 1)"
                            + " SELECT (SELECT count(*) FROM differing), (SELECT count(*) FROM kept)")) {
                rs.next();
                conflicts = rs.getInt(1);
            }
        }
        return new InsertResult(inserted, notInserted, conflicts, path);
    }

    /**
     * The reception time as stored: whole seconds, in epoch microseconds. Microsecond jitter between
     * consecutive readings was most of a compressed TimescaleDB chunk (1.9 of 3.3 bytes per reading,
     * docs/benchmark.md); to the second it is 0.1. Nothing needs more: seals compare it with a cutoff
     * minutes back, and an earlier second only makes a reading count as received sooner by under 1 s.
     */
    static long receivedSecond(Instant receivedAt) {
        return receivedAt.getEpochSecond() * 1_000_000L;
    }

    private static void copy(Connection c, List<Reading> readings, int[] sensorIds) throws SQLException {
        StringBuilder sb = new StringBuilder(readings.size() * 100);
        for (int ord = 0; ord < readings.size(); ord++) {
            Reading r = readings.get(ord);
            // Identifiers are restricted to [A-Za-z0-9_.:-] by the decoder: no COPY escaping needed.
            // Times as epoch microseconds (PostgreSQL's own resolution): formatting and parsing ISO text
            // was a tenth of the writer's CPU.
            sb.append(sensorIds[ord])
                    .append('\t')
                    .append(BinaryCopy.unixMicros(r.ts()))
                    .append('\t')
                    .append(r.gateway())
                    .append('\t')
                    .append(receivedSecond(r.receivedAt()))
                    .append('\t')
                    .append(r.tempC())
                    .append('\t');
            appendNullable(sb, r.rh()).append('\t');
            appendNullable(sb, r.batteryV()).append('\t');
            appendNullable(sb, r.doorOpen()).append('\t');
            appendNullable(sb, r.seq()).append('\t').append(ord).append('\n');
        }
        try {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY ingest_staging FROM STDIN",
                            new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY into staging failed: " + e.getMessage(), e);
        }
    }

    /** SQL that turns a column of epoch microseconds into a timestamptz (exact: float8 holds every microsecond count up to the year 2255). */
    private static String ts(String micros) {
        return "(timestamptz 'epoch' + interval '1 microsecond' * " + micros + ")";
    }

    private static StringBuilder appendNullable(StringBuilder sb, Object v) {
        return v == null ? sb.append("\\N") : sb.append(v);
    }

    /** When each unassigned (tenant, sensor, gateway) was last written, so that a busy one costs one upsert a minute. */
    private final Map<String, Long> unassignedNoted = new ConcurrentHashMap<>();

    /**
     * Rows a writer is upserting in a transaction not yet ended. The other writer leaves them alone:
     * it would wait on their row locks until that commit, and with the writers committing in order
     * (CommitOrder) both could stall up to its 250 ms bound: when a new tenant's sensors begin, and
     * every minute when the noted times of a busy tenant's sensors run out together (up to 352 ms an
     * upsert in the ingest benchmark).
     */
    private final Set<String> unassignedInFlight = ConcurrentHashMap.newKeySet();

    /**
     * Records unregistered sensors for QA to place: one row per (tenant, sensor, gateway) with first
     * and last seen. Rows are written in key order (no deadlock between writers), at most once a
     * minute per row, and by one writer at a time. Returns the readings whose rows this call wrote:
     * pass them to {@link #unassignedCommitted} after the commit, or to {@link #unassignedRolledBack}.
     */
    public List<Reading> noteUnassigned(Connection c, List<Reading> firstOfEach) throws SQLException {
        long now = System.currentTimeMillis();
        List<Reading> due = new ArrayList<>();
        for (Reading r : firstOfEach) {
            String key = unassignedKey(r);
            Long last = unassignedNoted.get(key);
            if ((last == null || now - last > 60_000) && unassignedInFlight.add(key)) {
                due.add(r);
            }
        }
        if (due.isEmpty()) {
            return due;
        }
        due.sort(java.util.Comparator.comparing(Reading::tenant)
                .thenComparing(Reading::sensor)
                .thenComparing(Reading::gateway));
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO unassigned_sensors (tenant, sensor, gateway, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant, sensor, gateway) DO UPDATE SET last_seen = greatest(unassigned_sensors.last_seen, excluded.last_seen)")) {
            for (Reading r : due) {
                ps.setString(1, r.tenant());
                ps.setString(2, r.sensor());
                ps.setString(3, r.gateway());
                ps.setTimestamp(4, Timestamp.from(r.receivedAt()));
                ps.setTimestamp(5, Timestamp.from(r.receivedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | RuntimeException e) {
            unassignedRolledBack(due);
            throw e;
        }
        return due;
    }

    /** Called after the transaction that wrote {@link #noteUnassigned} rows committed. */
    public void unassignedCommitted(List<Reading> noted) {
        long now = System.currentTimeMillis();
        if (unassignedNoted.size() > 100_000) {
            unassignedNoted.clear();
        }
        noted.forEach(r -> {
            String key = unassignedKey(r);
            unassignedNoted.put(key, now);
            unassignedInFlight.remove(key);
        });
    }

    /** Called when the transaction that wrote {@link #noteUnassigned} rows was rolled back: they are due again. */
    public void unassignedRolledBack(List<Reading> noted) {
        noted.forEach(r -> unassignedInFlight.remove(unassignedKey(r)));
    }

    private static String unassignedKey(Reading r) {
        return r.tenant() + '/' + r.sensor() + '/' + r.gateway();
    }

    /** Conflicting values kept for audit for one key (the stored value is in {@code readings}). */
    public List<Reading> conflicts(Connection c, ReadingKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT gateway, received_at, temp_c, rh, battery_v, door_open, seq FROM reading_conflicts "
                        + "WHERE tenant = ? AND sensor = ? AND ts = ? ORDER BY id")) {
            ps.setString(1, key.tenant());
            ps.setString(2, key.sensor());
            ps.setTimestamp(3, Timestamp.from(key.ts()));
            List<Reading> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Reading(
                            key.tenant(),
                            rs.getString(1),
                            key.sensor(),
                            key.ts(),
                            rs.getDouble(3),
                            (Double) rs.getObject(4),
                            (Double) rs.getObject(5),
                            (Boolean) rs.getObject(6),
                            (Long) rs.getObject(7),
                            rs.getTimestamp(2).toInstant()));
                }
            }
            return out;
        }
    }

    /**
     * A tenant's conflicting values received in {@code [from, to)}, newest first, each beside the value
     * that was stored first and stands (what QA reviews: a probe or gateway sending two values for one
     * instant is a fault, or a forgery).
     */
    public List<ConflictRecord> conflictsReceived(Connection c, String tenant, Instant from, Instant to, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT x.id, x.sensor, x.ts, x.gateway, x.received_at, x.temp_c, x.rh, x.battery_v, x.door_open, x.seq, "
                        + "r.gateway, r.received_at, r.temp_c, r.rh, r.battery_v, r.door_open FROM reading_conflicts x "
                        + "LEFT JOIN sensor_keys k ON k.tenant = x.tenant AND k.sensor = x.sensor "
                        + "LEFT JOIN readings r ON r.sensor_id = k.id AND r.ts = x.ts "
                        + "WHERE x.tenant = ? AND x.received_at >= ? AND x.received_at < ? ORDER BY x.received_at DESC, x.id DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setInt(4, limit);
            List<ConflictRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sensor = rs.getString(2);
                    Instant ts = rs.getTimestamp(3).toInstant();
                    Reading conflicting = new Reading(
                            tenant,
                            rs.getString(4),
                            sensor,
                            ts,
                            rs.getDouble(6),
                            (Double) rs.getObject(7),
                            (Double) rs.getObject(8),
                            (Boolean) rs.getObject(9),
                            (Long) rs.getObject(10),
                            rs.getTimestamp(5).toInstant());
                    Reading stored = rs.getString(11) == null
                            ? null
                            : new Reading(
                                    tenant,
                                    rs.getString(11),
                                    sensor,
                                    ts,
                                    rs.getDouble(13),
                                    (Double) rs.getObject(14),
                                    (Double) rs.getObject(15),
                                    (Boolean) rs.getObject(16),
                                    null,
                                    rs.getTimestamp(12).toInstant());
                    out.add(new ConflictRecord(rs.getLong(1), conflicting, stored));
                }
            }
            return out;
        }
    }

    /** A conflicting value and the stored one (null once retention has deleted it). */
    public record ConflictRecord(long id, Reading conflicting, Reading stored) {}

    /** Sensors that sent readings without being registered (which ones are registered, the registry says). */
    public List<UnassignedSensor> unassigned(Connection c, String tenant) throws SQLException {
        List<UnassignedSensor> seen = Jdbc.list(
                c,
                "SELECT sensor, gateway, first_seen, last_seen FROM unassigned_sensors "
                        + "WHERE tenant = ? ORDER BY sensor, gateway",
                ps -> ps.setString(1, tenant),
                rs -> new UnassignedSensor(
                        tenant,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
        Set<String> known = registered.registered(
                c,
                tenant,
                seen.stream().map(UnassignedSensor::sensor).distinct().toList());
        return seen.stream().filter(u -> !known.contains(u.sensor())).toList();
    }

    public record UnassignedSensor(String tenant, String sensor, String gateway, Instant firstSeen, Instant lastSeen) {}
}
