package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.RegistryStore.Entity;
import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.ShipmentStore.Overlap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where batches are over time: shipments (batches on a truck, trailer or tanker from departure to
 * arrival) and placements (a batch in a cold room, display case or freezer). {@code POST} (admin),
 * {@code GET} (admin, qa; a regulator those that touch its region), with the registry's access
 * rules ({@link AccessPolicy}).
 *
 * <p>Every write runs in one transaction: references checked, the batches' rows locked, overlaps
 * looked for, then the rows and an audit row written. A batch may not be in two places at once:
 * intervals are half-open {@code [from, to)}, so a placement may start at the instant a shipment
 * arrives, but any overlap is a 400 naming the field and the shipment or placement it overlaps.
 */
final class ShipmentEndpoint {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final RegistryStore registry;
    private final ShipmentStore store;

    ShipmentEndpoint(DbWorker db, AccessPolicy policy, RegistryStore registry, ShipmentStore store) {
        this.db = db;
        this.policy = policy;
        this.registry = registry;
        this.store = store;
    }

    void createShipment(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        policy.requireRegistryWrite(request);
        String tenant = request.tenant();
        RegistryBody.Parsed body = ShipmentBody.shipment(ctx.body().buffer());
        JsonObject v = body.values();
        String id = v.getString("id");
        List<String> lots =
                v.getJsonArray("batches").stream().map(String.class::cast).toList();
        Instant departed = Instant.parse(v.getString("departed_at"));
        Actor actor = new Actor(caller.subject(), caller.role());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            if (store.shipmentExists(c, tenant, id)) {
                                throw conflict(tenant, id);
                            }
                            requireAssetOfKind(c, tenant, v.getString("asset"), ShipmentBody.VEHICLE_KINDS);
                            for (RegistryBody.Reference ref : body.references()) {
                                requireExists(c, tenant, ref.field(), ref.entity(), ref.id());
                            }
                            Set<String> found = store.lockBatches(c, tenant, lots);
                            for (int i = 0; i < lots.size(); i++) {
                                if (!found.contains(lots.get(i))) {
                                    throw BodyReader.invalid("batches[" + i + "] " + Ids.describe(lots.get(i))
                                            + " is not a registered batch of tenant " + tenant);
                                }
                            }
                            List<Overlap> overlaps = store.overlaps(c, tenant, lots, departed, null);
                            for (int i = 0; i < lots.size(); i++) {
                                String lot = lots.get(i);
                                for (Overlap o : overlaps) {
                                    if (o.lot().equals(lot)) {
                                        throw overlap(
                                                "batches[" + i + "] " + Ids.describe(lot),
                                                "[" + departed + ", open)",
                                                o);
                                    }
                                }
                            }
                            JsonObject created = store.createShipment(c, tenant, v, actor);
                            if (created == null) {
                                throw conflict(tenant, id); // created by a concurrent POST since our check
                            }
                            return created;
                        }),
                        JsonObject::toBuffer)
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    void deliver(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        policy.requireRegistryWrite(request);
        String tenant = request.tenant();
        String id = Params.id(ctx, "shipment");
        Instant arrived = Instant.parse(
                ShipmentBody.delivery(ctx.body().buffer()).values().getString("arrived_at"));
        Actor actor = new Actor(caller.subject(), caller.role());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            JsonObject before = store.shipment(c, tenant, id, true);
                            if (before == null) {
                                throw notFound(tenant, id);
                            }
                            if (before.getString("arrived_at") != null) {
                                throw ColdchainException.conflict(
                                        "already_delivered",
                                        "shipment " + id + " was delivered at " + before.getString("arrived_at"));
                            }
                            Instant departed = Instant.parse(before.getString("departed_at"));
                            if (!arrived.isAfter(departed)) {
                                throw BodyReader.invalid(
                                        "arrived_at (" + arrived + ") must be after departed_at (" + departed + ")");
                            }
                            // Ending an open leg only shrinks it: it cannot create an overlap.
                            return store.deliver(c, tenant, before, arrived, actor);
                        }),
                        JsonObject::toBuffer)
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void getShipment(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String id = Params.id(ctx, "shipment");
        db.query(
                        c -> {
                            policy.requireInScope(c, scope, "shipments", tenant, id);
                            return store.shipment(c, tenant, id, false);
                        },
                        row -> {
                            if (row == null) {
                                throw notFound(tenant, id);
                            }
                            return row.toBuffer();
                        })
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void listShipments(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        db.query(
                        c -> scope.regional()
                                ? store.shipmentsInRegion(c, tenant, scope.prefix())
                                : store.shipments(c, tenant),
                        rows -> render(tenant, "shipments", rows))
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void createPlacement(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        policy.requireRegistryWrite(request);
        String tenant = request.tenant();
        JsonObject v = ShipmentBody.placement(ctx.body().buffer()).values();
        String lot = v.getString("lot");
        Instant from = Instant.parse(v.getString("from"));
        Instant to = v.getString("to") == null ? null : Instant.parse(v.getString("to"));
        Actor actor = new Actor(caller.subject(), caller.role());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            requireAssetOfKind(c, tenant, v.getString("asset"), ShipmentBody.PLACE_KINDS);
                            if (store.lockBatches(c, tenant, List.of(lot)).isEmpty()) {
                                throw BodyReader.invalid(
                                        "lot " + Ids.describe(lot) + " is not a registered batch of tenant " + tenant);
                            }
                            List<Overlap> overlaps = store.overlaps(c, tenant, List.of(lot), from, to);
                            if (!overlaps.isEmpty()) {
                                throw overlap(
                                        "lot " + Ids.describe(lot),
                                        "[" + from + ", " + (to == null ? "open" : to) + ")",
                                        overlaps.get(0));
                            }
                            return store.createPlacement(c, tenant, v, actor);
                        }),
                        JsonObject::toBuffer)
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    void listPlacements(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        List<String> lots = ctx.queryParam("lot");
        if (lots.size() > 1) {
            throw ColdchainException.badRequest(Params.INVALID, "lot may be given once");
        }
        String lot = lots.isEmpty() ? null : Ids.require("lot", lots.get(0));
        db.query(
                        c -> scope.regional()
                                ? store.placementsInRegion(c, tenant, lot, scope.prefix())
                                : store.placements(c, tenant, lot),
                        rows -> render(tenant, "placements", rows))
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    /** 400 naming {@code asset} unless it is a registered asset of one of {@code kinds}. */
    private void requireAssetOfKind(Connection c, String tenant, String asset, Set<String> kinds) throws SQLException {
        String kind = store.assetKind(c, tenant, asset);
        if (kind == null) {
            throw BodyReader.invalid("asset " + Ids.describe(asset) + " is not a registered asset of tenant " + tenant);
        }
        if (!kinds.contains(kind)) {
            throw BodyReader.invalid(
                    "asset " + Ids.describe(asset) + " is a " + kind + "; it must be one of " + new TreeSet<>(kinds));
        }
    }

    private void requireExists(Connection c, String tenant, String field, Entity e, String id) throws SQLException {
        if (!registry.exists(c, e, tenant, id)) {
            throw BodyReader.invalid(
                    field + " " + Ids.describe(id) + " is not a registered " + e.name() + " of tenant " + tenant);
        }
    }

    private static ColdchainException overlap(String what, String interval, Overlap o) {
        return BodyReader.invalid(what + " cannot be in two places at once: " + interval + " overlaps " + o.kind() + " "
                + o.id() + " [" + o.from() + ", " + (o.to() == null ? "open" : o.to()) + ")");
    }

    private static ColdchainException conflict(String tenant, String id) {
        return ColdchainException.conflict("shipment_exists", "shipment " + id + " already exists in tenant " + tenant);
    }

    private static ColdchainException notFound(String tenant, String id) {
        return ColdchainException.notFound("no shipment " + id + " in tenant " + tenant);
    }

    private static io.vertx.core.buffer.Buffer render(String tenant, String key, List<JsonObject> rows) {
        return new JsonObject()
                .put("tenant", tenant)
                .put(key, new JsonArray(List.copyOf(rows)))
                .toBuffer();
    }
}
