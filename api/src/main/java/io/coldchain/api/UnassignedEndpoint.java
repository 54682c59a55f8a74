package io.coldchain.api;

import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.ReadingStore.UnassignedSensor;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{tenant}/sensors/unassigned}: sensors that sent readings without being
 * registered, one row per (sensor, gateway), for QA to place. Not paged: bounded by the number of
 * sensors, and rows leave the list once the sensor is registered.
 */
final class UnassignedEndpoint implements Handler<RoutingContext> {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final ReadingStore store;

    UnassignedEndpoint(DbWorker db, AccessPolicy policy, ReadingStore store) {
        this.db = db;
        this.policy = policy;
        this.store = store;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireOperational(request, "unassigned sensors");
        db.query(c -> store.unassigned(c, tenant), rows -> render(tenant, rows))
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    static Buffer render(String tenant, List<UnassignedSensor> rows) {
        JsonArray sensors = new JsonArray();
        for (UnassignedSensor u : rows) {
            sensors.add(new JsonObject()
                    .put("sensor", u.sensor())
                    .put("gateway", u.gateway())
                    .put("first_seen", u.firstSeen().toString())
                    .put("last_seen", u.lastSeen().toString()));
        }
        return new JsonObject().put("tenant", tenant).put("sensors", sensors).toBuffer();
    }
}
