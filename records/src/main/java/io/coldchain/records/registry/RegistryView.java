package io.coldchain.records.registry;

import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only look-ups in the registry's tables (owned by api's RegistryStore) that records need and
 * the attribution service does not answer: a site with its region, the assets standing on a site,
 * the region of a sensor's site, a profile's limits. Never writes.
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

  /** Sensors of the tenant whose current asset stands on a site of {@code region}. */
  public List<String> sensorsInRegion(Connection c, String tenant, String region) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT se.sensor FROM sensors se JOIN assets a ON a.tenant = se.tenant AND a.asset = se.asset "
            + "JOIN sites si ON si.tenant = a.tenant AND si.site = a.site WHERE se.tenant = ? AND si.region = ? ORDER BY 1")) {
      ps.setString(1, tenant);
      ps.setString(2, region);
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

  /** The tenant's own profile of that id, else the default of that id. */
  public Optional<Profile> profile(Connection c, String tenant, String id) throws SQLException {
    if (id == null) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT name, min_c, max_c FROM profiles WHERE tenant = ? AND profile = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          // Records need the limits only; the rules stay with alerting.
          return Optional.of(new Profile(id, rs.getString(1), (Double) rs.getObject(2), (Double) rs.getObject(3), List.<Rule>of()));
        }
      }
    }
    return DefaultProfiles.all().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** A sensor's registered expected interval and calibration due date. */
  public record SensorInfo(String sensor, String asset, Integer expectedIntervalS, LocalDate calibrationDue) {}

  /** Sensors currently on the asset. */
  public List<SensorInfo> sensorsOfAsset(Connection c, String tenant, String asset) throws SQLException {
    List<SensorInfo> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sensor, asset, expected_interval_s, calibration_due FROM sensors WHERE tenant = ? AND asset = ? ORDER BY sensor")) {
      ps.setString(1, tenant);
      ps.setString(2, asset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SensorInfo(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getObject(4, LocalDate.class)));
        }
      }
    }
    return out;
  }
}
