package io.coldchain.registry.recall;

import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Stay;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a lot's units are now, from its journey (shipments and placements, through
 * {@link AttributionStore#journey} and {@link ShipmentStore}: no SQL of its own).
 *
 * <p>Quantities per leg are not recorded, so a site a part of the lot was delivered to may still
 * hold units after another part left it: every site the lot arrived at counts (the conservative
 * choice for a recall; a site told in vain costs a phone call, a site forgotten costs a consumer):
 * <ul>
 *   <li>the destination of every delivered shipment carrying the lot;
 *   <li>the site of every cold room, display case or freezer it was placed in, with the asset when the
 *       placement still runs;
 *   <li>the destination of a shipment still under way, with its vehicle ({@code in_transit}).
 * </ul>
 * The site it was produced at is not a location unless the lot was placed there.
 */
public final class LotLocations {
    private final AttributionStore attribution;
    private final ShipmentStore shipments;

    public LotLocations(AttributionStore attribution, ShipmentStore shipments) {
        this.attribution = attribution;
        this.shipments = shipments;
    }

    /** The lot's locations at {@code now}, by first arrival. */
    public List<RecallLocation> of(Connection c, String tenant, String lot, Instant now) throws SQLException {
        Map<String, Set<String>> assets = new LinkedHashMap<>();
        Map<String, Boolean> arrived = new LinkedHashMap<>();
        for (Stay s : attribution.journey(c, tenant, lot)) {
            if (s.from().isAfter(now)) {
                continue;
            }
            if (Stay.SHIPMENT.equals(s.via())) {
                JsonObject shipment = shipments.shipment(c, tenant, s.ref(), false);
                if (shipment == null) {
                    continue;
                }
                String site = shipment.getString("destination");
                boolean delivered = s.to() != null && !s.to().isAfter(now);
                Set<String> at = assets.computeIfAbsent(site, k -> new LinkedHashSet<>());
                if (!delivered) {
                    at.add(s.asset());
                }
                arrived.merge(site, delivered, Boolean::logicalOr);
            } else if (s.site() != null) {
                Set<String> at = assets.computeIfAbsent(s.site(), k -> new LinkedHashSet<>());
                if (s.covers(now)) {
                    at.add(s.asset());
                }
                arrived.put(s.site(), true);
            }
        }
        List<RecallLocation> out = new ArrayList<>();
        assets.forEach((site, at) -> out.add(new RecallLocation(lot, site, List.copyOf(at), !arrived.get(site))));
        return out;
    }
}
