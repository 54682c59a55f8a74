package io.coldchain.api;

import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.ReadingStore.ConflictRecord;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /api/v1/tenants/{tenant}/reading-conflicts?from=&to=&limit=}: readings that arrived
 * for a sensor and instant already stored, with a different value, newest first by receive time,
 * each beside the stored value (which stands: the first one received is never overwritten). With the
 * embedded broker, the gateway of each is the authenticated one, so a conflict from another gateway
 * than the stored value's points at that gateway. For admin and qa; regulators 403 (operational data).
 */
final class ReadingConflictsEndpoint implements Handler<RoutingContext> {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    private final DbWorker db;
    private final AccessPolicy policy;
    private final ReadingStore store;
    private final Clock clock;

    ReadingConflictsEndpoint(DbWorker db, AccessPolicy policy, ReadingStore store, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireOperational(request, "reading conflicts");
        TimeWindow window = Params.window(ctx, clock.instant(), DEFAULT_SPAN);
        int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        db.query(c -> store.conflictsReceived(c, tenant, window.from(), window.to(), limit + 1), rows -> {
                    JsonArray out = new JsonArray();
                    rows.stream().limit(limit).forEach(r -> out.add(render(r)));
                    return new JsonObject()
                            .put("tenant", tenant)
                            .put("from", window.from().toString())
                            .put("to", window.to().toString())
                            .put("conflicts", out)
                            .put("truncated", rows.size() > limit)
                            .toBuffer();
                })
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    private static JsonObject render(ConflictRecord r) {
        return new JsonObject()
                .put("id", r.id())
                .put("sensor", r.conflicting().sensor())
                .put("ts", r.conflicting().ts().toString())
                .put(
                        "conflicting",
                        value(r.conflicting()).put("seq", r.conflicting().seq()))
                .put("stored", r.stored() == null ? null : value(r.stored()));
    }

    private static JsonObject value(Reading v) {
        return new JsonObject()
                .put("gateway", v.gateway())
                .put("received_at", v.receivedAt().toString())
                .put("temp_c", v.tempC())
                .put("rh", v.rh())
                .put("battery_v", v.batteryV())
                .put("door_open", v.doorOpen());
    }
}
