package io.coldchain.api;

import io.coldchain.registry.RegistryStore.Entity;
import io.vertx.core.buffer.Buffer;
import java.util.function.BiFunction;

/** The registry: sites, assets, sensors, profiles, products, batches; the audit trail; shipments and placements. */
final class RegistryRoutes {
    private RegistryRoutes() {}

    static void mount(Routes r, DbWorker db, AccessPolicy policy, ApiServices s) {
        RegistryEndpoint registry = new RegistryEndpoint(db, policy, s.registry(), s.audit());
        entity(r, registry, Entity.SITE, (id, body) -> RegistryBody.site(body, s.defaultTimezone()));
        entity(r, registry, Entity.ASSET, (id, body) -> RegistryBody.asset(body));
        entity(r, registry, Entity.SENSOR, (id, body) -> RegistryBody.sensor(body));
        entity(r, registry, Entity.PROFILE, RegistryBody::profile);
        entity(r, registry, Entity.PRODUCT, (id, body) -> RegistryBody.product(body));
        entity(r, registry, Entity.BATCH, (id, body) -> RegistryBody.batch(body));
        r.get("/api/v1/tenants/{tenant}/audit", registry::audit);

        ShipmentEndpoint shipments = new ShipmentEndpoint(db, policy, s.registry(), s.shipments());
        r.get("/api/v1/tenants/{tenant}/shipments", shipments::listShipments);
        r.post("/api/v1/tenants/{tenant}/shipments", shipments::createShipment);
        r.get("/api/v1/tenants/{tenant}/shipments/{shipment}", shipments::getShipment);
        r.post("/api/v1/tenants/{tenant}/shipments/{shipment}/deliver", shipments::deliver);
        r.get("/api/v1/tenants/{tenant}/placements", shipments::listPlacements);
        r.post("/api/v1/tenants/{tenant}/placements", shipments::createPlacement);
    }

    /** {@code PUT} and {@code GET} of one registry entity, {@code GET} of its collection. */
    private static void entity(
            Routes r, RegistryEndpoint endpoint, Entity e, BiFunction<String, Buffer, RegistryBody.Parsed> parse) {
        String collection = "/api/v1/tenants/{tenant}/" + e.collection();
        String item = collection + "/{" + e.idColumn() + "}";
        r.get(collection, ctx -> endpoint.list(ctx, e));
        r.get(item, ctx -> endpoint.get(ctx, e));
        r.put(item, ctx -> endpoint.put(ctx, e, parse));
    }
}
