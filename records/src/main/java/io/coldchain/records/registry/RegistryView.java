package io.coldchain.records.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only look-ups in the registry's tables (owned by api's RegistryStore) that records need and
 * core's attribution service does not answer: a site with its region, the assets standing on a site,
 * the regions a sensor or a batch is in (for regulators). Never writes.
 */
public final class RegistryView {

  public record Site(String tenant, String site, String name, String kind, String region, String address) {}

  public record Asset(String asset, String name, String kind, String site, String profile) {}

  public Optional<Site> site(Connection c, String tenant, String site) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, kind, region, address FROM sites WHERE tenant = ? AND site = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, site);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Site(tenant, site, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
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
          out.add(new Asset(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
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
            ? Optional.of(new Asset(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
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

  /** The region of the site of the sensor's current asset; empty when it is on no site (a vehicle) or unknown. */
  public Optional<String> sensorRegion(Connection c, String tenant, String sensor) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT si.region FROM sensors se JOIN assets a ON a.tenant = se.tenant AND a.asset = se.asset "
            + "JOIN sites si ON si.tenant = a.tenant AND si.site = a.site WHERE se.tenant = ? AND se.sensor = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, sensor);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Sensors of the tenant whose current asset stands on a site in the region: the site's region code
   * starts with {@code regionPrefix} (the token's region without trailing "00" pairs, as everywhere).
   */
  public List<String> sensorsInRegion(Connection c, String tenant, String regionPrefix) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT se.sensor FROM sensors se JOIN assets a ON a.tenant = se.tenant AND a.asset = se.asset "
            + "JOIN sites si ON si.tenant = a.tenant AND si.site = a.site WHERE se.tenant = ? AND starts_with(si.region, ?) "
            + "ORDER BY 1")) {
      ps.setString(1, tenant);
      ps.setString(2, regionPrefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Regions of the sites a batch has been at: its placements' sites and its shipments' origins and destinations. */
  public List<String> batchRegions(Connection c, String tenant, String lot) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT si.region FROM sites si WHERE si.tenant = ? AND si.site IN ("
            + " SELECT a.site FROM placements p JOIN assets a ON a.tenant = p.tenant AND a.asset = p.asset WHERE p.tenant = ? AND p.lot = ?"
            + " UNION SELECT s.origin FROM shipments s JOIN shipment_batches b ON b.tenant = s.tenant AND b.shipment = s.shipment WHERE b.tenant = ? AND b.lot = ?"
            + " UNION SELECT s.destination FROM shipments s JOIN shipment_batches b ON b.tenant = s.tenant AND b.shipment = s.shipment WHERE b.tenant = ? AND b.lot = ?)")) {
      ps.setString(1, tenant);
      ps.setString(2, tenant);
      ps.setString(3, lot);
      ps.setString(4, tenant);
      ps.setString(5, lot);
      ps.setString(6, tenant);
      ps.setString(7, lot);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** A batch with its product. */
  public record Batch(String tenant, String lot, String sku, String productName, String profile, Instant producedAt,
      Instant expiresAt) {}

  public Optional<Batch> batch(Connection c, String tenant, String lot) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT b.sku, p.name, p.profile, b.produced_at, b.expires_at FROM batches b "
            + "JOIN products p ON p.tenant = b.tenant AND p.sku = b.sku WHERE b.tenant = ? AND b.lot = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, lot);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Batch(tenant, lot, rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
            : Optional.empty();
      }
    }
  }
}
