package io.coldchain.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Read-only look-ups in the registry's tables that the records need and the attribution service
 * does not answer: a site with its region, the assets standing on a site,
 * the sensors in a region. Never writes.
 */
public final class RegistryView {

    /** A site; {@code timezone} is its IANA zone, null when registered before sites had one (the server's default). */
    public record Site(
            String tenant, String site, String name, String kind, String region, String address, String timezone) {}

    public record Asset(String asset, String name, String kind, String site, String profile) {}

    public Optional<Site> site(Connection c, String tenant, String site) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, kind, region, address, timezone FROM sites WHERE tenant = ? AND site = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, site);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Site(
                                tenant,
                                site,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5)))
                        : Optional.empty();
            }
        }
    }

    /** Assets whose site is {@code site} (cold rooms, display cases, freezers), by id. */
    public List<Asset> assetsOfSite(Connection c, String tenant, String site) throws SQLException {
        List<Asset> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT asset, name, kind, site, profile FROM assets WHERE tenant = ? AND site = ? ORDER BY asset")) {
            ps.setString(1, tenant);
            ps.setString(2, site);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Asset(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    public Optional<Asset> asset(Connection c, String tenant, String asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT asset, name, kind, site, profile FROM assets WHERE tenant = ? AND asset = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, asset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Asset(
                                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                        : Optional.empty();
            }
        }
    }

    /** Whether the sensor is registered with the tenant. */
    public boolean sensorExists(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sensors WHERE tenant = ? AND sensor = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The sensor's calibration due date (it follows the latest calibration record); empty when unset or unknown. */
    public Optional<LocalDate> calibrationDue(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT calibration_due FROM sensors WHERE tenant = ? AND sensor = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, LocalDate.class)) : Optional.empty();
            }
        }
    }

    /** Sensors of the tenant that lie in the region ({@link RegionScope}: their current asset stands on a site there), by id. */
    public List<String> sensorsInRegion(Connection c, String tenant, String regionPrefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + "SELECT id FROM r_sensors ORDER BY 1")) {
            RegionScope.bind(ps, tenant, regionPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Lots (batches) of the tenant that lie in the region ({@link RegionScope}: on a shipment from or
     * to a site there, or placed on an asset there), by id.
     */
    public Set<String> batchesInRegion(Connection c, String tenant, String regionPrefix) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(RegionScope.SQL + "SELECT id FROM r_batches")) {
            RegionScope.bind(ps, tenant, regionPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A batch with its product. */
    public record Batch(
            String tenant,
            String lot,
            String sku,
            String productName,
            String profile,
            Instant producedAt,
            Instant expiresAt) {}

    public Optional<Batch> batch(Connection c, String tenant, String lot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT b.sku, p.name, p.profile, b.produced_at, b.expires_at FROM batches b "
                        + "JOIN products p ON p.tenant = b.tenant AND p.sku = b.sku WHERE b.tenant = ? AND b.lot = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, lot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Batch(
                                tenant,
                                lot,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5).toInstant()))
                        : Optional.empty();
            }
        }
    }
}
