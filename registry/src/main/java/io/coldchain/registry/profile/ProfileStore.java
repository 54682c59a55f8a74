package io.coldchain.registry.profile;

import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.profile.RuleWire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a tenant's profiles as {@link Profile}s: the one place where "which profile does id X mean
 * for tenant T" is decided. Every tenant has {@link DefaultProfiles#all()} without a row of its
 * own; a row in {@code profiles} with a default's id overrides that default for that tenant only.
 * (Writing profiles is the registry's PUT, in api's {@code RegistryStore}.)
 *
 * <p>The stored {@code rules} are the contract's JSON array; they are unpacked by PostgreSQL
 * ({@code jsonb_array_elements}) and rebuilt through {@link Rule#fromWire}, so core needs no JSON
 * library and a stored rule is validated by the same code that validated it on the way in.
 */
public final class ProfileStore {
    private static final Map<String, Profile> DEFAULTS = defaults();

    /** The built-in default with this id, whatever any tenant stored. */
    public static Optional<Profile> defaultProfile(String id) {
        return Optional.ofNullable(DEFAULTS.get(id));
    }

    /** Whether {@code id} names a profile of the tenant: its own row or a default. */
    public boolean exists(Connection c, String tenant, String id) throws SQLException {
        if (DEFAULTS.containsKey(id)) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM profiles WHERE tenant = ? AND profile = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The tenant's profile {@code id}: its own row, else the default of that id, else empty. */
    public Optional<Profile> find(Connection c, String tenant, String id) throws SQLException {
        return Optional.ofNullable(find(c, tenant, List.of(id)).get(id));
    }

    /**
     * The tenant's profiles of these ids, resolved as {@link #find} does; ids that name no profile
     * are absent from the answer. Iteration order is the order of {@code ids} (first occurrence).
     */
    public Map<String, Profile> find(Connection c, String tenant, Collection<String> ids) throws SQLException {
        Map<String, Profile> stored = stored(c, tenant, ids);
        Map<String, Profile> out = new LinkedHashMap<>();
        for (String id : ids) {
            Profile p = stored.containsKey(id) ? stored.get(id) : DEFAULTS.get(id);
            if (p != null) {
                out.putIfAbsent(id, p);
            }
        }
        return out;
    }

    /** Every profile of the tenant (its own rows and the defaults it has not overridden), by id. */
    public List<Profile> all(Connection c, String tenant) throws SQLException {
        TreeMap<String, Profile> byId = new TreeMap<>(DEFAULTS);
        byId.putAll(stored(c, tenant, null));
        return List.copyOf(byId.values());
    }

    /** The tenant's own rows among {@code ids} (all of them when {@code ids} is null). */
    private static Map<String, Profile> stored(Connection c, String tenant, Collection<String> ids)
            throws SQLException {
        Map<String, Profile> out = new TreeMap<>();
        if (ids != null && ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT p.profile, p.name, p.min_c, p.max_c, r.ord, r.e ->> 'kind', "
                        + "CAST(r.e ->> 'threshold_c' AS double precision), CAST(r.e ->> 'delay_min' AS bigint), "
                        + "CAST(r.e ->> 'budget_min' AS bigint), r.e ->> 'severity', "
                        + "CAST(r.e ->> 'threshold_rh' AS double precision), CAST(r.e ->> 'within_min' AS bigint), "
                        + "CAST(r.e ->> 'max_age_h' AS bigint) "
                        + "FROM profiles p LEFT JOIN LATERAL jsonb_array_elements(p.rules) WITH ORDINALITY AS r(e, ord) ON true "
                        + "WHERE p.tenant = ? AND (CAST(? AS text[]) IS NULL OR p.profile = ANY (?)) "
                        + "ORDER BY p.profile, r.ord")) {
            ps.setString(1, tenant);
            java.sql.Array array = ids == null ? null : c.createArrayOf("text", ids.toArray());
            ps.setArray(2, array);
            ps.setArray(3, array);
            try (ResultSet rs = ps.executeQuery()) {
                String id = null;
                String name = null;
                Double minC = null;
                Double maxC = null;
                List<Rule> rules = new ArrayList<>();
                while (rs.next()) {
                    String rowId = rs.getString(1);
                    if (!rowId.equals(id)) {
                        if (id != null) {
                            out.put(id, new Profile(id, name, minC, maxC, rules));
                        }
                        id = rowId;
                        name = rs.getString(2);
                        minC = rs.getObject(3, Double.class);
                        maxC = rs.getObject(4, Double.class);
                        rules = new ArrayList<>();
                    }
                    long ord = rs.getLong(5);
                    if (!rs.wasNull()) {
                        rules.add(Rule.fromWire(
                                "rules[" + (ord - 1) + "]",
                                new RuleWire(
                                        rs.getString(6),
                                        rs.getObject(7, Double.class),
                                        rs.getObject(11, Double.class),
                                        rs.getObject(8, Long.class),
                                        rs.getObject(9, Long.class),
                                        rs.getObject(12, Long.class),
                                        rs.getObject(13, Long.class),
                                        rs.getString(10))));
                    }
                }
                if (id != null) {
                    out.put(id, new Profile(id, name, minC, maxC, rules));
                }
            }
        }
        return out;
    }

    private static Map<String, Profile> defaults() {
        Map<String, Profile> out = new TreeMap<>();
        for (Profile p : DefaultProfiles.all()) {
            out.put(p.id(), p);
        }
        return Collections.unmodifiableMap(out);
    }
}
