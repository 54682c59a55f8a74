package io.coldchain.api;

import io.coldchain.core.model.Reading;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.registry.RegionScope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{tenant}/sensors/{sensor}/readings?from=&to=&limit=}: raw readings in
 * event-time order, {@code from} inclusive, {@code to} exclusive. A regulator reads only sensors on
 * assets at sites in its region (404 otherwise, see {@link AccessPolicy}).
 *
 * <p>Paging: one row more than {@code limit} is asked for; when it exists, the response carries
 * {@code next}, its {@code ts}, and the caller repeats the request with {@code from=next}. Exact,
 * because a sensor has at most one reading per instant. Optional fields are always present, null
 * when the gateway did not report them, so that every row has the same shape.
 */
final class ReadingsEndpoint extends WindowedList<Reading> {
    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;
    static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    private final ReadingQueryStore store;

    ReadingsEndpoint(DbWorker db, AccessPolicy policy, ReadingQueryStore store, Clock clock) {
        super(db, policy, clock, DEFAULT_SPAN, DEFAULT_LIMIT, MAX_LIMIT);
        this.store = store;
    }

    @Override
    Page<Reading> open(RequestContext request, RoutingContext ctx) {
        String tenant = request.tenant();
        String sensor = Params.id(ctx, "sensor");
        RegionScope scope = policy.readScope(request);
        return new Page<>(
                (c, window, limit) -> {
                    policy.requireInScope(c, scope, "sensors", tenant, sensor);
                    return store.bySensor(c, tenant, sensor, window.from(), window.to(), limit);
                },
                (window, limit, rows) -> render(tenant, sensor, window, limit, rows));
    }

    static Buffer render(String tenant, String sensor, TimeWindow window, int limit, List<Reading> rows) {
        JsonArray readings = new JsonArray();
        for (Reading r : rows.subList(0, Math.min(limit, rows.size()))) {
            readings.add(new JsonObject()
                    .put("ts", r.ts().toString())
                    .put("temp_c", r.tempC())
                    .put("rh", r.rh())
                    .put("battery_v", r.batteryV())
                    .put("door_open", r.doorOpen())
                    .put("gateway", r.gateway())
                    .put("received_at", r.receivedAt().toString())
                    .put("seq", r.seq()));
        }
        JsonObject body = new JsonObject()
                .put("tenant", tenant)
                .put("sensor", sensor)
                .put("from", window.from().toString())
                .put("to", window.to().toString())
                .put("readings", readings);
        if (rows.size() > limit) {
            body.put("next", rows.get(limit).ts().toString());
        }
        return body.toBuffer();
    }
}
