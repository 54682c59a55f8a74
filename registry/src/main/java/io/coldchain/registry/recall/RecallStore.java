package io.coldchain.registry.recall;

import io.coldchain.core.db.Jdbc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code recalls}, {@code recall_lots}, {@code recall_locations} and {@code recall_sites}
 * (migration V13). Plain JDBC on the caller's connection and transaction; the audit rows are
 * written by {@link RecallService} beside these.
 */
public final class RecallStore {

    /** A recall's own row. */
    public record Header(
            String id,
            String reason,
            Instant createdAt,
            String createdBy,
            Instant closedAt,
            String closedBy,
            String closeNote) {}

    /** One site's follow-up row. */
    public record SiteRow(String site, LocationStatus status, String note, Instant updatedAt, String updatedBy) {}

    private static final String HEADER =
            "SELECT recall, reason, created_at, created_by, closed_at, closed_by, close_note FROM recalls ";

    /** The recall's row, locked for update when {@code lock}. */
    public Optional<Header> header(Connection c, String tenant, String id, boolean lock) throws SQLException {
        return Jdbc.list(
                        c,
                        HEADER + "WHERE tenant = ? AND recall = ?" + (lock ? " FOR UPDATE" : ""),
                        ps -> {
                            ps.setString(1, tenant);
                            ps.setString(2, id);
                        },
                        RecallStore::header)
                .stream()
                .findFirst();
    }

    /** The tenant's recalls, newest first. */
    public List<Header> headers(Connection c, String tenant) throws SQLException {
        return Jdbc.list(
                c,
                HEADER + "WHERE tenant = ? ORDER BY created_at DESC, recall",
                ps -> ps.setString(1, tenant),
                RecallStore::header);
    }

    /** Whether a recall, open or closed, names the lot (its public page says so). */
    public boolean recalled(Connection c, String tenant, String lot) throws SQLException {
        return !Jdbc.list(
                        c,
                        "SELECT 1 FROM recall_lots WHERE tenant = ? AND lot = ? LIMIT 1",
                        ps -> bind(ps, tenant, lot),
                        rs -> 1)
                .isEmpty();
    }

    /** The recalled lots, in the order given. */
    public List<String> lots(Connection c, String tenant, String id) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT lot FROM recall_lots WHERE tenant = ? AND recall = ? ORDER BY ord",
                ps -> bind(ps, tenant, id),
                rs -> rs.getString(1));
    }

    /** Where the lots' units were when the recall was made, by lot then site. */
    public List<RecallLocation> locations(Connection c, String tenant, String id) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT l.lot, l.site, l.assets, l.in_transit FROM recall_locations l JOIN recall_lots r "
                        + "ON r.tenant = l.tenant AND r.recall = l.recall AND r.lot = l.lot "
                        + "WHERE l.tenant = ? AND l.recall = ? ORDER BY r.ord, l.site",
                ps -> bind(ps, tenant, id),
                rs -> new RecallLocation(rs.getString(1), rs.getString(2), strings(rs.getArray(3)), rs.getBoolean(4)));
    }

    /** Each site's follow-up, by site. */
    public List<SiteRow> sites(Connection c, String tenant, String id) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT site, status, note, updated_at, updated_by FROM recall_sites "
                        + "WHERE tenant = ? AND recall = ? ORDER BY site",
                ps -> bind(ps, tenant, id),
                rs -> new SiteRow(
                        rs.getString(1),
                        LocationStatus.parse("status", rs.getString(2)),
                        rs.getString(3),
                        time(rs, 4),
                        rs.getString(5)));
    }

    /**
     * Inserts a recall, its lots, their locations and one {@code notified} follow-up per site.
     * False (and nothing written) when the id is taken.
     */
    public boolean insert(
            Connection c,
            String tenant,
            String id,
            String reason,
            List<String> lots,
            List<RecallLocation> locations,
            String actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recalls (tenant, recall, reason, created_by) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            bind(ps, tenant, id);
            ps.setString(3, reason);
            ps.setString(4, actor);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO recall_lots (tenant, recall, lot, ord) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < lots.size(); i++) {
                bind(ps, tenant, id);
                ps.setString(3, lots.get(i));
                ps.setInt(4, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recall_locations "
                + "(tenant, recall, lot, site, assets, in_transit) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (RecallLocation l : locations) {
                bind(ps, tenant, id);
                ps.setString(3, l.lot());
                ps.setString(4, l.site());
                ps.setArray(5, c.createArrayOf("text", l.assets().toArray()));
                ps.setBoolean(6, l.inTransit());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recall_sites (tenant, recall, site, status, "
                + "updated_by) VALUES (?, ?, ?, 'notified', ?) ON CONFLICT DO NOTHING")) {
            for (String site :
                    locations.stream().map(RecallLocation::site).distinct().toList()) {
                bind(ps, tenant, id);
                ps.setString(3, site);
                ps.setString(4, actor);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return true;
    }

    /** Sets a site's follow-up; false when the site is not one of the recall's. */
    public boolean setSite(
            Connection c, String tenant, String id, String site, LocationStatus status, String note, String actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recall_sites SET status = ?, note = ?, "
                + "updated_at = now(), updated_by = ? WHERE tenant = ? AND recall = ? AND site = ?")) {
            ps.setString(1, status.wire());
            ps.setString(2, note);
            ps.setString(3, actor);
            ps.setString(4, tenant);
            ps.setString(5, id);
            ps.setString(6, site);
            return ps.executeUpdate() == 1;
        }
    }

    /** Closes an open recall. */
    public void close(Connection c, String tenant, String id, String note, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recalls SET closed_at = now(), closed_by = ?, "
                + "close_note = ? WHERE tenant = ? AND recall = ? AND closed_at IS NULL")) {
            ps.setString(1, actor);
            if (note == null) {
                ps.setNull(2, Types.VARCHAR);
            } else {
                ps.setString(2, note);
            }
            ps.setString(3, tenant);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, String tenant, String id) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, id);
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(
                rs.getString(1),
                rs.getString(2),
                time(rs, 3),
                rs.getString(4),
                time(rs, 5),
                rs.getString(6),
                rs.getString(7));
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null
                ? List.of()
                : Arrays.stream((Object[]) a.getArray()).map(String.class::cast).toList();
    }
}
