package io.coldchain.registry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a reader may see of one tenant: all of it, or only what lies in a region. The one definition
 * of "what lies in a region", both as SQL (for the stores here) and for a region code already read
 * ({@link #admitsRegion}); the rule is the same in both.
 *
 * <p>What lies in a region with prefix {@code P}:
 * <ul>
 *   <li>sites whose {@code region} code starts with {@code P};
 *   <li>assets on such a site (vehicles have no site, so none of them);
 *   <li>sensors on such an asset;
 *   <li>shipments whose origin or destination is such a site;
 *   <li>placements on such an asset;
 *   <li>batches on such a shipment or placement;
 *   <li>products of such a batch;
 *   <li>profiles used by such an asset or product (a default profile's id as well as a tenant's own).
 * </ul>
 *
 * @param regionPrefix empty for the whole tenant; else what a site's region code must start with
 *     (a token's region without its trailing "00" pairs)
 */
public record RegionScope(Optional<String> regionPrefix) {
    public static final RegionScope WHOLE_TENANT = new RegionScope(Optional.empty());

    public RegionScope {
        Objects.requireNonNull(regionPrefix, "regionPrefix");
    }

    /** Only what lies in the region of this prefix. */
    public static RegionScope region(String prefix) {
        return new RegionScope(Optional.of(Objects.requireNonNull(prefix, "prefix")));
    }

    /** Whether this scope is limited to a region (else it is the whole tenant). */
    public boolean regional() {
        return regionPrefix.isPresent();
    }

    /** The region prefix; only for a {@link #regional()} scope. */
    public String prefix() {
        return regionPrefix.orElseThrow(() -> new IllegalStateException("the whole tenant has no region prefix"));
    }

    /** Whether a site with this region code lies in the scope (the rule of {@code r_sites} below). */
    public boolean admitsRegion(String regionCode) {
        return regionPrefix.isEmpty() || (regionCode != null && regionCode.startsWith(regionPrefix.get()));
    }

    /** Whether any of these site region codes lies in the scope; true for the whole tenant. */
    public boolean admitsAnyRegion(java.util.Collection<String> regionCodes) {
        return regionPrefix.isEmpty() || regionCodes.stream().anyMatch(this::admitsRegion);
    }

    /**
     * The rule above as one block of common table expressions. The statement that follows it binds
     * the tenant first and the region prefix second ({@link #bind}) and reads {@code r_<collection>(id)}
     * ({@link #relation}) for the ids of each kind that lie in the region. PostgreSQL evaluates only
     * the expressions the statement reads.
     */
    /**
     * The rule for one site row, as SQL: {@code alias}'s region code starts with the one parameter
     * this adds (the prefix). Used where sites are listed across tenants (a regulator's start page).
     */
    public static String siteInRegion(String alias) {
        return "starts_with(" + alias + ".region, ?)";
    }

    static final String SQL = "WITH scope AS (SELECT CAST(? AS text) AS tenant, CAST(? AS text) AS prefix), "
            + "r_sites AS (SELECT s.site AS id FROM sites s, scope k "
            + "WHERE s.tenant = k.tenant AND starts_with(s.region, k.prefix)), "
            + "r_assets AS (SELECT a.asset AS id FROM assets a, scope k "
            + "WHERE a.tenant = k.tenant AND a.site IN (SELECT id FROM r_sites)), "
            + "r_sensors AS (SELECT se.sensor AS id FROM sensors se, scope k "
            + "WHERE se.tenant = k.tenant AND se.asset IN (SELECT id FROM r_assets)), "
            + "r_shipments AS (SELECT sh.shipment AS id FROM shipments sh, scope k WHERE sh.tenant = k.tenant "
            + "AND (sh.origin IN (SELECT id FROM r_sites) OR sh.destination IN (SELECT id FROM r_sites))), "
            + "r_placements AS (SELECT CAST(p.id AS text) AS id FROM placements p, scope k "
            + "WHERE p.tenant = k.tenant AND p.asset IN (SELECT id FROM r_assets)), "
            + "r_batches AS (SELECT sb.lot AS id FROM shipment_batches sb, scope k "
            + "WHERE sb.tenant = k.tenant AND sb.shipment IN (SELECT id FROM r_shipments) "
            + "UNION SELECT p.lot FROM placements p, scope k WHERE p.tenant = k.tenant AND p.asset IN (SELECT id FROM r_assets)), "
            + "r_products AS (SELECT b.sku AS id FROM batches b, scope k "
            + "WHERE b.tenant = k.tenant AND b.lot IN (SELECT id FROM r_batches)), "
            + "r_profiles AS (SELECT a.profile AS id FROM assets a, scope k "
            + "WHERE a.tenant = k.tenant AND a.profile IS NOT NULL AND a.asset IN (SELECT id FROM r_assets) "
            + "UNION SELECT pr.profile FROM products pr, scope k WHERE pr.tenant = k.tenant AND pr.sku IN (SELECT id FROM r_products)) ";

    private static final Set<String> COLLECTIONS =
            Set.of("sites", "assets", "sensors", "shipments", "placements", "batches", "products", "profiles");

    /** Binds the two parameters of {@link #SQL}; returns the next parameter index. */
    static int bind(PreparedStatement ps, String tenant, String regionPrefix) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, Objects.requireNonNull(regionPrefix, "regionPrefix"));
        return 3;
    }

    /** The name of the relation of {@link #SQL} for a collection; refuses names that are not one (they go into SQL). */
    static String relation(String collection) {
        if (!COLLECTIONS.contains(collection)) {
            throw new IllegalArgumentException("no region scope for " + collection);
        }
        return "r_" + collection;
    }
}
