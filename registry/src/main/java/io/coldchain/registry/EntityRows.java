package io.coldchain.registry;

import io.coldchain.registry.RegistryStore.Column;
import io.coldchain.registry.RegistryStore.Entity;
import io.coldchain.registry.RegistryStore.Type;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/**
 * The SQL of one registry entity's row, driven by its {@link Entity} description: select, insert,
 * update, and the mapping of each column type between JSON and JDBC. {@link RegistryStore} owns the
 * tables and decides when each runs (locks, audit, sensor assignments).
 */
final class EntityRows {
    private EntityRows() {}

    static JsonObject select(Connection c, Entity e, String tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + e.selectList() + " FROM " + e.table()
                + " WHERE tenant = ? AND " + e.idColumn() + " = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(e, rs) : null;
            }
        }
    }

    static boolean insert(Connection c, Entity e, String tenant, String id, JsonObject values) throws SQLException {
        String cols = e.columns().stream().map(Column::name).collect(Collectors.joining(", "));
        String marks = e.columns().stream().map(EntityRows::mark).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + e.table() + " (tenant, " + e.idColumn() + ", "
                + cols + ") VALUES (?, ?, " + marks + ") ON CONFLICT (tenant, " + e.idColumn() + ") DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            bind(ps, 3, e, values);
            return ps.executeUpdate() == 1;
        }
    }

    static void update(Connection c, Entity e, String tenant, String id, JsonObject values) throws SQLException {
        String sets =
                e.columns().stream().map(col -> col.name() + " = " + mark(col)).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + e.table() + " SET " + sets
                + ", updated_at = now() WHERE tenant = ? AND " + e.idColumn() + " = ?")) {
            int next = bind(ps, 1, e, values);
            ps.setString(next, tenant);
            ps.setString(next + 1, id);
            ps.executeUpdate();
        }
    }

    static String mark(Column col) {
        return col.type() == Type.JSON_ARRAY ? "CAST(? AS jsonb)" : "?";
    }

    static int bind(PreparedStatement ps, int first, Entity e, JsonObject values) throws SQLException {
        int i = first;
        for (Column col : e.columns()) {
            Object v = values.getValue(col.name());
            switch (col.type()) {
                case TEXT -> ps.setString(i, (String) v);
                case INT -> {
                    if (v == null) {
                        ps.setNull(i, Types.INTEGER);
                    } else {
                        ps.setInt(i, ((Number) v).intValue());
                    }
                }
                case NUM -> {
                    if (v == null) {
                        ps.setNull(i, Types.DOUBLE);
                    } else {
                        ps.setDouble(i, ((Number) v).doubleValue());
                    }
                }
                case DATE -> ps.setObject(i, v == null ? null : LocalDate.parse((String) v), Types.DATE);
                case TIME ->
                    ps.setObject(
                            i,
                            v == null ? null : OffsetDateTime.ofInstant(Instant.parse((String) v), ZoneOffset.UTC),
                            Types.TIMESTAMP_WITH_TIMEZONE);
                case JSON_ARRAY -> ps.setString(i, v == null ? null : ((JsonArray) v).encode());
            }
            i++;
        }
        return i;
    }

    static JsonObject row(Entity e, ResultSet rs) throws SQLException {
        JsonObject out = new JsonObject().put(e.idColumn(), rs.getString(e.idColumn()));
        for (Column col : e.columns()) {
            Object v = switch (col.type()) {
                case TEXT -> rs.getString(col.name());
                case INT -> rs.getObject(col.name(), Integer.class);
                case NUM -> rs.getObject(col.name(), Double.class);
                case DATE -> {
                    LocalDate d = rs.getObject(col.name(), LocalDate.class);
                    yield d == null ? null : d.toString();
                }
                case TIME -> {
                    OffsetDateTime t = rs.getObject(col.name(), OffsetDateTime.class);
                    yield t == null ? null : t.toInstant().toString();
                }
                case JSON_ARRAY -> {
                    String json = rs.getString(col.name());
                    yield json == null ? null : new JsonArray(json);
                }
            };
            out.put(col.name(), v);
        }
        out.put(
                "created_at",
                rs.getObject("created_at", OffsetDateTime.class).toInstant().toString());
        out.put(
                "updated_at",
                rs.getObject("updated_at", OffsetDateTime.class).toInstant().toString());
        return out;
    }
}
