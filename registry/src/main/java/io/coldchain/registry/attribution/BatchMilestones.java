package io.coldchain.registry.attribution;

import io.coldchain.core.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * When a batch was produced and when it first reached a plant: what the raw-milk rules count from
 * and towards. Reads {@code batches}, {@code shipments} / {@code shipment_batches} (an arrival at a
 * destination site of kind {@code plant}) and {@code placements} (on an asset at such a site), in the
 * caller's transaction. Writes nothing.
 */
public final class BatchMilestones {

    /**
     * @param producedAt the batch's {@code produced_at}
     * @param atPlant the earliest arrival of a shipment carrying it at a plant, or start of a
     *     placement at a plant; null while none is recorded
     */
    public record Milestones(Instant producedAt, Instant atPlant) {}

    private static final String AT_PLANT = "SELECT min(t) FROM ("
            + "SELECT s.arrived_at AS t FROM shipment_batches sb "
            + "JOIN shipments s ON s.tenant = sb.tenant AND s.shipment = sb.shipment "
            + "JOIN sites d ON d.tenant = s.tenant AND d.site = s.destination "
            + "WHERE sb.tenant = b.tenant AND sb.lot = b.lot AND d.kind = 'plant' AND s.arrived_at IS NOT NULL "
            + "UNION ALL SELECT p.from_ts FROM placements p "
            + "JOIN assets a ON a.tenant = p.tenant AND a.asset = p.asset "
            + "JOIN sites st ON st.tenant = a.tenant AND st.site = a.site "
            + "WHERE p.tenant = b.tenant AND p.lot = b.lot AND st.kind = 'plant') x";

    /** The batch's milestones; empty when the tenant has no such lot. */
    public Optional<Milestones> of(Connection c, String tenant, String lot) throws SQLException {
        return Jdbc.list(
                        c,
                        "SELECT b.produced_at, (" + AT_PLANT + ") FROM batches b WHERE b.tenant = ? AND b.lot = ?",
                        ps -> {
                            ps.setString(1, tenant);
                            ps.setString(2, lot);
                        },
                        rs -> new Milestones(time(rs, 1), time(rs, 2)))
                .stream()
                .findFirst();
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
