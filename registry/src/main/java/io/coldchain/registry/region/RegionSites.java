package io.coldchain.registry.region;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sites across tenants, for the web app's start pages: a regulator's sites of the region, of every
 * tenant, and a tenant's own. Read-only.
 *
 * <p>The time zone is read as {@code to_jsonb(s) ->> 'timezone'}, so that this works before and
 * after sites have a {@code timezone} column (contract §7): null until then.
 */
public final class RegionSites {
    /** A site, with its tenant. {@code timezone} is an IANA zone or null (then UTC). */
    public record Site(
            String tenant, String site, String name, String kind, String region, String address, String timezone) {}

    private static final String SELECT =
            "SELECT s.tenant, s.site, s.name, s.kind, s.region, s.address, to_jsonb(s) ->> 'timezone' FROM sites s ";
    /** A regulator's list is at most this long; a region with more sites is searched by tenant. */
    public static final int MAX = 2000;

    /** Sites whose region code starts with {@code regionPrefix}, of any tenant, by tenant and site. */
    public List<Site> inRegion(Connection c, String regionPrefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE "
                + io.coldchain.registry.RegionScope.siteInRegion("s") + " ORDER BY s.tenant, s.site LIMIT " + MAX)) {
            ps.setString(1, regionPrefix);
            return rows(ps);
        }
    }

    /** A tenant's sites, by site. */
    public List<Site> ofTenant(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE s.tenant = ? ORDER BY s.site LIMIT " + MAX)) {
            ps.setString(1, tenant);
            return rows(ps);
        }
    }

    private static List<Site> rows(PreparedStatement ps) throws SQLException {
        List<Site> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Site(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)));
            }
        }
        return out;
    }
}
