package io.coldchain.registry;

import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.registry.RegistryStore.Actor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Owns the SQL of {@code shipments}, {@code shipment_batches} and {@code placements}: where batches
 * are over time. Every write runs in the caller's transaction (auto-commit off) and leaves an audit
 * row; the caller commits.
 *
 * <p>Intervals are half-open, {@code [from, to)}, an open end unbounded. A batch may not be in two
 * places at once; the rule spans two tables, so it is checked here rather than by an exclusion
 * constraint (btree_gist is not on every server): the writer first locks the batches' rows
 * ({@link #lockBatches}), which serializes concurrent writers of the same lot, then looks for
 * overlaps ({@link #overlaps}), then writes.
 */
public final class ShipmentStore {

    /** An interval of a lot that overlaps the one being written: on shipment or placement {@code id}. */
    public record Overlap(String lot, String kind, String id, Instant from, Instant to) {}

    private static final String SHIPMENT_SELECT = "SELECT s.shipment, s.asset, s.origin, s.destination, "
            + "s.departed_at, s.arrived_at, s.created_at, s.updated_at, "
            + "(SELECT array_agg(sb.lot ORDER BY sb.ord) FROM shipment_batches sb "
            + "WHERE sb.tenant = s.tenant AND sb.shipment = s.shipment) AS lots FROM shipments s";

    private static final String PLACEMENT_SELECT = "SELECT id, lot, asset, from_ts, to_ts, created_at FROM placements ";

    private final AuditStore audit;
    /** Shipments and placements change which profiles apply to readings: alerting re-evaluates them. */
    private final ReadingChangeStore changes = new ReadingChangeStore();

    public ShipmentStore(AuditStore audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The kind of an asset of the tenant, or null when there is no such asset. */
    public String assetKind(Connection c, String tenant, String asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM assets WHERE tenant = ? AND asset = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, asset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Locks the rows of those of {@code lots} that exist (in lot order, so writers never deadlock); returns them. */
    public Set<String> lockBatches(Connection c, String tenant, List<String> lots) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lot FROM batches WHERE tenant = ? AND lot = ANY (?) ORDER BY lot FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setArray(2, c.createArrayOf("text", lots.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The shipment legs and placements of {@code lots} that overlap {@code [from, to)} ({@code to} null: open). */
    public List<Overlap> overlaps(Connection c, String tenant, List<String> lots, Instant from, Instant to)
            throws SQLException {
        String range = "tstzrange(CAST(? AS timestamptz), CAST(? AS timestamptz), '[)')";
        List<Overlap> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sb.lot, 'shipment', s.shipment, s.departed_at, s.arrived_at FROM shipment_batches sb "
                        + "JOIN shipments s ON s.tenant = sb.tenant AND s.shipment = sb.shipment "
                        + "WHERE sb.tenant = ? AND sb.lot = ANY (?) AND tstzrange(s.departed_at, s.arrived_at, '[)') && "
                        + range
                        + " UNION ALL "
                        + "SELECT p.lot, 'placement', p.id::text, p.from_ts, p.to_ts FROM placements p "
                        + "WHERE p.tenant = ? AND p.lot = ANY (?) AND tstzrange(p.from_ts, p.to_ts, '[)') && " + range
                        + " ORDER BY 4, 3")) {
            Array array = c.createArrayOf("text", lots.toArray());
            for (int base : new int[] {1, 5}) {
                ps.setString(base, tenant);
                ps.setArray(base + 1, array);
                setTime(ps, base + 2, from);
                setTime(ps, base + 3, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Overlap(rs.getString(1), rs.getString(2), rs.getString(3), time(rs, 4), time(rs, 5)));
                }
            }
        }
        return out;
    }

    /** Whether the tenant has shipment {@code id}. */
    public boolean shipmentExists(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shipments WHERE tenant = ? AND shipment = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Inserts a shipment and its batches, audited as {@code create_shipment}; false (nothing written)
     * when the id is taken. {@code values} holds the parsed body (id, asset, batches, origin,
     * destination, departed_at).
     */
    public JsonObject createShipment(Connection c, String tenant, JsonObject values, Actor actor) throws SQLException {
        String id = values.getString("id");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shipments (tenant, shipment, asset, origin, "
                + "destination, departed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, shipment) DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            ps.setString(3, values.getString("asset"));
            ps.setString(4, values.getString("origin"));
            ps.setString(5, values.getString("destination"));
            setTime(ps, 6, Instant.parse(values.getString("departed_at")));
            if (ps.executeUpdate() == 0) {
                return null;
            }
        }
        JsonArray lots = values.getJsonArray("batches");
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < lots.size(); i++) {
                ps.setString(1, tenant);
                ps.setString(2, id);
                ps.setString(3, lots.getString(i));
                ps.setInt(4, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        JsonObject after = shipment(c, tenant, id, false);
        changes.recordAsset(c, tenant, values.getString("asset"), Instant.parse(values.getString("departed_at")), null);
        audit.insert(c, tenant, actor.subject(), actor.role(), "create_shipment", "shipment", id, null, data(after));
        return after;
    }

    /** Sets a shipment's arrival, audited as {@code deliver_shipment}; the caller has checked it is undelivered. */
    public JsonObject deliver(Connection c, String tenant, JsonObject before, Instant arrivedAt, Actor actor)
            throws SQLException {
        String id = before.getString("id");
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE shipments SET arrived_at = ?, updated_at = now() WHERE tenant = ? AND shipment = ?")) {
            setTime(ps, 1, arrivedAt);
            ps.setString(2, tenant);
            ps.setString(3, id);
            ps.executeUpdate();
        }
        JsonObject after = shipment(c, tenant, id, false);
        // The batches left the vehicle: its readings after arrival no longer concern them.
        changes.recordAsset(c, tenant, after.getString("asset"), arrivedAt, null);
        audit.insert(
                c,
                tenant,
                actor.subject(),
                actor.role(),
                "deliver_shipment",
                "shipment",
                id,
                data(before),
                data(after));
        return after;
    }

    /** One shipment (locked for update when {@code lock}), or null. */
    public JsonObject shipment(Connection c, String tenant, String id, boolean lock) throws SQLException {
        if (lock) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM shipments WHERE tenant = ? AND shipment = ? FOR UPDATE")) {
                ps.setString(1, tenant);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SHIPMENT_SELECT + " WHERE s.tenant = ? AND s.shipment = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? shipmentRow(rs) : null;
            }
        }
    }

    /** All shipments of the tenant, by id. */
    public List<JsonObject> shipments(Connection c, String tenant) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SHIPMENT_SELECT + " WHERE s.tenant = ? ORDER BY s.shipment")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(shipmentRow(rs));
                }
            }
        }
        return out;
    }

    /** The tenant's shipments whose origin or destination lies in the region, by id. */
    public List<JsonObject> shipmentsInRegion(Connection c, String tenant, String regionPrefix) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + SHIPMENT_SELECT
                + " WHERE s.tenant = (SELECT tenant FROM scope) AND s.shipment IN (SELECT id FROM r_shipments)"
                + " ORDER BY s.shipment")) {
            RegionScope.bind(ps, tenant, regionPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(shipmentRow(rs));
                }
            }
        }
        return out;
    }

    /** The tenant's placements on assets in the region (of one lot when {@code lot} is not null), by start then id. */
    public List<JsonObject> placementsInRegion(Connection c, String tenant, String lot, String regionPrefix)
            throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + PLACEMENT_SELECT
                + "WHERE tenant = (SELECT tenant FROM scope) AND CAST(id AS text) IN (SELECT id FROM r_placements) "
                + "AND (CAST(? AS text) IS NULL OR lot = ?) ORDER BY from_ts, id")) {
            int next = RegionScope.bind(ps, tenant, regionPrefix);
            ps.setString(next, lot);
            ps.setString(next + 1, lot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(placementRow(rs));
                }
            }
        }
        return out;
    }

    /** Inserts a placement, audited as {@code create_placement}; the id is generated. */
    public JsonObject createPlacement(Connection c, String tenant, JsonObject values, Actor actor) throws SQLException {
        String id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, tenant);
            ps.setString(2, values.getString("lot"));
            ps.setString(3, values.getString("asset"));
            setTime(ps, 4, Instant.parse(values.getString("from")));
            String to = values.getString("to");
            setTime(ps, 5, to == null ? null : Instant.parse(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = Long.toString(rs.getLong(1));
            }
        }
        JsonObject after = placements(c, tenant, null, Long.parseLong(id)).get(0);
        String to = values.getString("to");
        changes.recordAsset(
                c,
                tenant,
                values.getString("asset"),
                Instant.parse(values.getString("from")),
                to == null ? null : Instant.parse(to));
        JsonObject audited = after.copy();
        audited.remove("created_at");
        audit.insert(c, tenant, actor.subject(), actor.role(), "create_placement", "placement", id, null, audited);
        return after;
    }

    /** The tenant's placements, of one lot when {@code lot} is not null, by start then id. */
    public List<JsonObject> placements(Connection c, String tenant, String lot) throws SQLException {
        return placements(c, tenant, lot, null);
    }

    private static List<JsonObject> placements(Connection c, String tenant, String lot, Long id) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PLACEMENT_SELECT
                + "WHERE tenant = ? AND (CAST(? AS text) IS NULL OR lot = ?) AND (CAST(? AS bigint) IS NULL OR id = ?) "
                + "ORDER BY from_ts, id")) {
            ps.setString(1, tenant);
            ps.setString(2, lot);
            ps.setString(3, lot);
            if (id == null) {
                ps.setNull(4, Types.BIGINT);
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(4, id);
                ps.setLong(5, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(placementRow(rs));
                }
            }
        }
        return out;
    }

    private static JsonObject placementRow(ResultSet rs) throws SQLException {
        return new JsonObject()
                .put("id", Long.toString(rs.getLong(1)))
                .put("lot", rs.getString(2))
                .put("asset", rs.getString(3))
                .put("from", str(time(rs, 4)))
                .put("to", str(time(rs, 5)))
                .put("created_at", str(time(rs, 6)));
    }

    /** A shipment without its timestamps: what the audit trail keeps. */
    private static JsonObject data(JsonObject row) {
        JsonObject out = row.copy();
        out.remove("created_at");
        out.remove("updated_at");
        return out;
    }

    private static JsonObject shipmentRow(ResultSet rs) throws SQLException {
        Array lots = rs.getArray("lots");
        JsonArray batches = new JsonArray();
        if (lots != null) {
            for (Object lot : (Object[]) lots.getArray()) {
                batches.add(lot);
            }
        }
        return new JsonObject()
                .put("id", rs.getString("shipment"))
                .put("asset", rs.getString("asset"))
                .put("batches", batches)
                .put("origin", rs.getString("origin"))
                .put("destination", rs.getString("destination"))
                .put("departed_at", str(time(rs, "departed_at")))
                .put("arrived_at", str(time(rs, "arrived_at")))
                .put("created_at", str(time(rs, "created_at")))
                .put("updated_at", str(time(rs, "updated_at")));
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant time(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
