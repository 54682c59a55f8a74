package io.coldchain.registry;

import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.profile.Profile;
import io.coldchain.registry.profile.ProfileStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Owns the SQL of the registry tables {@code sites}, {@code assets}, {@code sensors},
 * {@code profiles}, {@code products} and {@code batches} (ingest reads only the gateway binding of
 * {@code sensors}). One generic store: the tables differ
 * only in their columns, described by {@link Entity}.
 *
 * <p>A PUT ({@link #put}) is create-or-replace within the caller's transaction: the row is read and
 * locked, inserted or updated only when something changed, and every change leaves an audit row
 * with the values before and after. The caller commits.
 *
 * <p>A sensor PUT that sets or changes the sensor's asset also writes {@code sensor_assignments},
 * the history attribution reads: the first assignment of a sensor is valid from -infinity (its
 * readings from before registration become attributable), a later change closes the current row
 * at the transaction's time and opens the next.
 *
 * <p>Profiles are resolved by core's {@link ProfileStore} (a tenant's row over the default of the
 * same id), the one implementation alerting and the records use as well.
 */
public final class RegistryStore {

    /**
     * How a column is bound and read. In JSON, dates are {@code YYYY-MM-DD} strings, times RFC 3339
     * strings in UTC ({@link Instant#toString}), numbers doubles, and jsonb columns arrays.
     */
    public enum Type {
        TEXT,
        INT,
        NUM,
        DATE,
        TIME,
        JSON_ARRAY
    }

    public record Column(String name, Type type) {}

    /**
     * A registry table.
     *
     * @param name the entity's name in the audit trail and in actions ({@code put_site})
     * @param collection the JSON key of a list of them ({@code sites})
     * @param table the table; its key is {@code (tenant, idColumn)}
     * @param columns the data columns, as in the PUT body; {@code created_at}/{@code updated_at} are kept apart
     */
    public record Entity(String name, String collection, String table, String idColumn, List<Column> columns) {
        public static final Entity SITE = new Entity(
                "site",
                "sites",
                "sites",
                "site",
                List.of(
                        new Column("name", Type.TEXT),
                        new Column("kind", Type.TEXT),
                        new Column("region", Type.TEXT),
                        new Column("address", Type.TEXT),
                        new Column("timezone", Type.TEXT)));
        public static final Entity ASSET = new Entity(
                "asset",
                "assets",
                "assets",
                "asset",
                List.of(
                        new Column("name", Type.TEXT), new Column("kind", Type.TEXT),
                        new Column("site", Type.TEXT), new Column("profile", Type.TEXT)));
        public static final Entity SENSOR = new Entity(
                "sensor",
                "sensors",
                "sensors",
                "sensor",
                List.of(
                        new Column("gateway", Type.TEXT), new Column("asset", Type.TEXT),
                        new Column("expected_interval_s", Type.INT), new Column("calibration_due", Type.DATE)));
        /** A tenant's own profile; the defaults are not rows (see {@code RegistryEndpoint}). */
        public static final Entity PROFILE = new Entity(
                "profile",
                "profiles",
                "profiles",
                "profile",
                List.of(
                        new Column("name", Type.TEXT), new Column("min_c", Type.NUM),
                        new Column("max_c", Type.NUM), new Column("rules", Type.JSON_ARRAY)));

        public static final Entity PRODUCT = new Entity(
                "product",
                "products",
                "products",
                "sku",
                List.of(new Column("name", Type.TEXT), new Column("profile", Type.TEXT)));
        public static final Entity BATCH = new Entity(
                "batch",
                "batches",
                "batches",
                "lot",
                List.of(
                        new Column("sku", Type.TEXT), new Column("produced_at", Type.TIME),
                        new Column("expires_at", Type.TIME), new Column("quantity", Type.INT)));

        public Entity {
            Objects.requireNonNull(columns, "columns");
            columns = List.copyOf(columns);
        }

        String selectList() {
            return idColumn + ", " + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                    + ", created_at, updated_at";
        }
    }

    /**
     * Whether the entry {@code id} of kind {@code collection} ({@code sites}, ..., {@code shipments},
     * {@code placements}) of the tenant lies in the region (see {@link RegionScope}). False for an
     * entry that does not exist.
     */
    public boolean inRegion(Connection c, String collection, String tenant, String id, String regionPrefix)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + "SELECT EXISTS (SELECT 1 FROM "
                + RegionScope.relation(collection) + " WHERE id = ?)")) {
            ps.setString(RegionScope.bind(ps, tenant, regionPrefix), id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The ids of kind {@code collection} of the tenant that lie in the region. */
    public Set<String> idsInRegion(Connection c, String collection, String tenant, String regionPrefix)
            throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps =
                c.prepareStatement(RegionScope.SQL + "SELECT id FROM " + RegionScope.relation(collection))) {
            RegionScope.bind(ps, tenant, regionPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The rows of the tenant that lie in the region, by id (as {@link #list}). */
    public List<JsonObject> listInRegion(Connection c, Entity e, String tenant, String regionPrefix)
            throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(RegionScope.SQL + "SELECT " + e.selectList() + " FROM " + e.table()
                        + " WHERE tenant = (SELECT tenant FROM scope) AND " + e.idColumn() + " IN (SELECT id FROM "
                        + RegionScope.relation(e.collection()) + ") ORDER BY " + e.idColumn())) {
            RegionScope.bind(ps, tenant, regionPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(EntityRows.row(e, rs));
                }
            }
        }
        return out;
    }

    /** Who makes a change, for the audit row. */
    public record Actor(String subject, String role) {}

    /**
     * What a PUT did.
     *
     * @param created whether the row is new
     * @param changed whether anything was written (false for a repeated identical PUT)
     * @param row the row as stored now (see {@link #get})
     */
    public record PutResult(boolean created, boolean changed, JsonObject row) {}

    private final AuditStore audit;
    private final ProfileStore profiles;

    public RegistryStore(AuditStore audit, ProfileStore profiles) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    public RegistryStore(AuditStore audit) {
        this(audit, new ProfileStore());
    }

    /** The tenant's profile {@code id}: its own row, else the default of that id. */
    public Optional<Profile> profile(Connection c, String tenant, String id) throws SQLException {
        return profiles.find(c, tenant, id);
    }

    /** The row as JSON (id, data columns, {@code created_at}, {@code updated_at}), or null when absent. */
    public JsonObject get(Connection c, Entity e, String tenant, String id) throws SQLException {
        return EntityRows.select(c, e, tenant, id, false);
    }

    /**
     * Whether the entry exists; used to check references (an asset's site, a sensor's asset). A
     * profile exists also when it is a default.
     */
    public boolean exists(Connection c, Entity e, String tenant, String id) throws SQLException {
        if (e == Entity.PROFILE) {
            return profiles.exists(c, tenant, id);
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM " + e.table() + " WHERE tenant = ? AND " + e.idColumn() + " = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** All rows of a tenant, by id. */
    public List<JsonObject> list(Connection c, Entity e, String tenant) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + e.selectList() + " FROM " + e.table() + " WHERE tenant = ? ORDER BY " + e.idColumn())) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(EntityRows.row(e, rs));
                }
            }
        }
        return out;
    }

    /**
     * Creates or replaces a row within the caller's transaction (auto-commit off). {@code values}
     * holds every data column of {@code e} (null where absent), already validated. An audit row is
     * written only when something changed.
     */
    public PutResult put(Connection c, Entity e, String tenant, String id, JsonObject values, Actor actor)
            throws SQLException {
        JsonObject before = EntityRows.select(c, e, tenant, id, true);
        if (before == null) {
            if (EntityRows.insert(c, e, tenant, id, values)) {
                if (e == Entity.SENSOR) {
                    assignmentChanged(c, tenant, id, null, values.getString("asset"));
                }
                JsonObject after = EntityRows.select(c, e, tenant, id, false);
                audit.insert(
                        c,
                        tenant,
                        actor.subject(),
                        actor.role(),
                        "put_" + e.name(),
                        e.name(),
                        id,
                        null,
                        data(e, after));
                return new PutResult(true, true, after);
            }
            // Created by a concurrent PUT between our read and our insert: replace it instead.
            before = EntityRows.select(c, e, tenant, id, true);
        }
        JsonObject beforeData = data(e, before);
        JsonObject afterData = values.copy().put(e.idColumn(), id);
        if (beforeData.equals(afterData)) {
            return new PutResult(false, false, before);
        }
        EntityRows.update(c, e, tenant, id, values);
        if (e == Entity.SENSOR) {
            assignmentChanged(c, tenant, id, beforeData.getString("asset"), values.getString("asset"));
        }
        JsonObject after = EntityRows.select(c, e, tenant, id, false);
        audit.insert(
                c, tenant, actor.subject(), actor.role(), "put_" + e.name(), e.name(), id, beforeData, data(e, after));
        return new PutResult(false, true, after);
    }

    /**
     * Keeps {@code sensor_assignments} in step with the sensor's asset (the caller holds the sensor's
     * row lock). Nothing when the asset did not change. Otherwise the open row is closed at now()
     * (or dropped, when this very transaction opened it), and a row for the new asset is opened: from
     * -infinity when the sensor never had one, else from now().
     */
    private static void assignmentChanged(Connection c, String tenant, String sensor, String before, String after)
            throws SQLException {
        if (Objects.equals(before, after)) {
            return;
        }
        try (PreparedStatement close = c.prepareStatement("UPDATE sensor_assignments SET valid_to = now() "
                        + "WHERE tenant = ? AND sensor = ? AND valid_to IS NULL AND valid_from < now()");
                PreparedStatement drop = c.prepareStatement(
                        "DELETE FROM sensor_assignments WHERE tenant = ? AND sensor = ? AND valid_to IS NULL")) {
            for (PreparedStatement ps : List.of(close, drop)) {
                ps.setString(1, tenant);
                ps.setString(2, sensor);
                ps.executeUpdate();
            }
        }
        if (after == null) {
            return;
        }
        // What the sensor's readings mean changed: alerting evaluates its whole history again.
        new ReadingChangeStore().recordSensorHistory(c, tenant, sensor);
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from) "
                        + "SELECT ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM sensor_assignments WHERE tenant = ? AND sensor = ?) "
                        + "THEN now() ELSE '-infinity' END")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            ps.setString(3, after);
            ps.setString(4, tenant);
            ps.setString(5, sensor);
            ps.executeUpdate();
        }
    }

    /** The id and data columns of a row, without timestamps: what the audit trail compares and keeps. */
    static JsonObject data(Entity e, JsonObject row) {
        JsonObject out = new JsonObject().put(e.idColumn(), row.getValue(e.idColumn()));
        for (Column col : e.columns()) {
            out.put(col.name(), row.getValue(col.name()));
        }
        return out;
    }
}
