package io.coldchain.registry;

import io.coldchain.registry.RegisteredSensors.SensorId;
import io.coldchain.registry.attribution.AttributionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway each registered sensor is bound to, per tenant, kept in memory and trusted while the
 * tenant's attribution epoch (V23: bumped at the commit of every change to {@code sensors}, among
 * others) is the one read before loading it.
 *
 * <p>Why: ingest checks every batch's sensors against their bindings. As a join of the batch's
 * sensors with {@code sensors} it cost 12 ms a batch with 10,000 registered sensors, the most
 * expensive statement of the run; now it costs one epoch look-up, and a tenant's bindings are read
 * again after each registry change. Same guarantee as the join: a rebinding committed before the
 * batch's epoch read is seen by that batch; one committed later, by the next.
 */
public final class GatewayBindings {
    /** Tenants with more registered sensors are asked per batch, as before, not kept in memory. */
    static final int MAX_KEPT_PER_TENANT = 200_000;

    private record Kept(long epoch, Map<String, String> gatewayBySensor) {}

    private final AttributionStore attribution = new AttributionStore();
    private final RegisteredSensors registered = new RegisteredSensors();
    private final Map<String, Kept> byTenant = new ConcurrentHashMap<>();

    /** The gateway each registered sensor among {@code ids} is bound to; unregistered ones are absent. */
    public Map<SensorId, String> gateways(Connection c, Collection<SensorId> ids) throws SQLException {
        Map<SensorId, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Set<String> tenants = new HashSet<>();
        ids.forEach(id -> tenants.add(id.tenant()));
        Map<String, Long> epochs = attribution.epochs(c, tenants); // before any binding is read
        // The bindings checked against this call's epochs, held here: another writer may meanwhile put an
        // older load of its own into the shared map.
        Map<String, Kept> current = new HashMap<>();
        Set<String> tooLarge = new HashSet<>();
        for (String tenant : tenants) {
            Kept kept = byTenant.get(tenant);
            if (kept == null || kept.epoch() != epochs.get(tenant)) {
                kept = load(c, tenant, epochs.get(tenant));
                if (kept == null) {
                    byTenant.remove(tenant);
                    tooLarge.add(tenant);
                    continue;
                }
                byTenant.put(tenant, kept);
            }
            current.put(tenant, kept);
        }
        for (SensorId id : ids) {
            Kept kept = current.get(id.tenant());
            String gateway = kept == null ? null : kept.gatewayBySensor().get(id.sensor());
            if (gateway != null) {
                out.put(id, gateway);
            }
        }
        if (!tooLarge.isEmpty()) {
            out.putAll(registered.gateways(
                    c, ids.stream().filter(id -> tooLarge.contains(id.tenant())).toList()));
        }
        return out;
    }

    /** The tenant's bindings, or null when there are too many to keep. */
    private static Kept load(Connection c, String tenant, long epoch) throws SQLException {
        Map<String, String> bound = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sensor, gateway FROM sensors WHERE tenant = ? LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, MAX_KEPT_PER_TENANT + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bound.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return bound.size() > MAX_KEPT_PER_TENANT ? null : new Kept(epoch, Map.copyOf(bound));
    }
}
