package io.coldchain.registry;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns {@code audit_log}: who changed what in the registry, with the values before and after.
 * Append-only: this class only inserts and reads, and the database refuses UPDATE, DELETE and
 * TRUNCATE of the table (21 CFR 11.10(e)).
 */
public final class AuditStore {

    /** Appends one row within the caller's transaction; {@code before} is null for a creation. */
    public void insert(
            Connection c,
            String tenant,
            String actor,
            String role,
            String action,
            String entity,
            String entityId,
            JsonObject before,
            JsonObject after)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (tenant, actor, role, action, entity, entity_id, before, after) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            ps.setString(1, tenant);
            ps.setString(2, actor);
            ps.setString(3, role);
            ps.setString(4, action);
            ps.setString(5, entity);
            ps.setString(6, entityId);
            ps.setString(7, before == null ? null : before.encode());
            ps.setString(8, after == null ? null : after.encode());
            ps.executeUpdate();
        }
    }

    private static final String SELECT =
            "SELECT id, at, actor, role, action, entity, entity_id, before::text, after::text FROM audit_log ";

    /** The tenant's newest {@code limit} rows, newest first. */
    public List<JsonObject> list(Connection c, String tenant, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE tenant = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    /**
     * The tenant's newest {@code limit} rows about entries that lie in the region now (see
     * {@link RegionScope}), newest first: what a regulator of that region may read.
     * An entry that has left the region takes its history with it; one that came in brings it along.
     */
    public List<JsonObject> listInRegion(Connection c, String tenant, String regionPrefix, int limit)
            throws SQLException {
        StringBuilder about = new StringBuilder();
        for (String[] kind : new String[][] {
            {"site", "sites"},
            {"asset", "assets"},
            {"sensor", "sensors"},
            {"profile", "profiles"},
            {"product", "products"},
            {"batch", "batches"},
            {"shipment", "shipments"},
            {"placement", "placements"}
        }) {
            about.append(about.length() == 0 ? "" : " OR ")
                    .append("(entity = '")
                    .append(kind[0])
                    .append("' AND entity_id IN (SELECT id FROM ")
                    .append(RegionScope.relation(kind[1]))
                    .append("))");
        }
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + SELECT
                + "WHERE tenant = (SELECT tenant FROM scope) AND (" + about + ") ORDER BY id DESC LIMIT ?")) {
            ps.setInt(RegionScope.bind(ps, tenant, regionPrefix), limit);
            return rows(ps);
        }
    }

    private static List<JsonObject> rows(PreparedStatement ps) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String before = rs.getString(8);
                String after = rs.getString(9);
                out.add(new JsonObject()
                        .put("id", rs.getLong(1))
                        .put(
                                "at",
                                rs.getObject(2, OffsetDateTime.class)
                                        .toInstant()
                                        .toString())
                        .put("actor", rs.getString(3))
                        .put("role", rs.getString(4))
                        .put("action", rs.getString(5))
                        .put("entity", rs.getString(6))
                        .put("entity_id", rs.getString(7))
                        .put("before", before == null ? null : new JsonObject(before))
                        .put("after", after == null ? null : new JsonObject(after)));
            }
        }
        return out;
    }
}
