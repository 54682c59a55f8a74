package io.coldchain.api;

import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.ReadingStore.ConflictRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{tenant}/reading-conflicts?from=&to=&limit=}: readings that arrived
 * for a sensor and instant already stored, with a different value, newest first by receive time,
 * each beside the stored value (which stands: the first one received is never overwritten). With the
 * embedded broker, the gateway of each is the authenticated one, so a conflict from another gateway
 * than the stored value's points at that gateway. For admin and qa; regulators 403 (operational data).
 */
final class ReadingConflictsEndpoint extends WindowedList<ConflictRecord> {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    private final ReadingStore store;

    ReadingConflictsEndpoint(DbWorker db, AccessPolicy policy, ReadingStore store, Clock clock) {
        super(db, policy, clock, DEFAULT_SPAN, DEFAULT_LIMIT, MAX_LIMIT);
        this.store = store;
    }

    @Override
    Page<ConflictRecord> open(RequestContext request, RoutingContext ctx) {
        String tenant = request.tenant();
        policy.requireOperational(request, "reading conflicts");
        return new Page<>(
                (c, window, limit) -> store.conflictsReceived(c, tenant, window.from(), window.to(), limit),
                (window, limit, rows) -> render(tenant, window, limit, rows));
    }

    private static Buffer render(String tenant, TimeWindow window, int limit, List<ConflictRecord> rows) {
        JsonArray out = new JsonArray();
        rows.stream().limit(limit).forEach(r -> out.add(conflict(r)));
        return new JsonObject()
                .put("tenant", tenant)
                .put("from", window.from().toString())
                .put("to", window.to().toString())
                .put("conflicts", out)
                .put("truncated", rows.size() > limit)
                .toBuffer();
    }

    private static JsonObject conflict(ConflictRecord r) {
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
