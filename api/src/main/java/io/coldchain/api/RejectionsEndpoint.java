package io.coldchain.api;

import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.ingest.store.RejectionStore.RejectionRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code GET /api/v1/tenants/{tenant}/rejections?from=&to=&limit=}: rejected messages and readings,
 * newest first, by receive time ({@code from} inclusive, {@code to} exclusive).
 *
 * <p>Paging goes backwards in time. Many rows can share one receive time (all bad readings of one
 * message do), so a page never ends in the middle of such a group: when more rows exist, the
 * group at the cut is left for the next page and {@code next_to} is set so that the next request
 * ({@code to=next_to}, same {@code from}) starts exactly with it. Only when one group alone is larger
 * than {@code limit} is that impossible; then the page holds {@code limit} rows of it and no
 * {@code next_to}. {@code truncated} says whether rows were left out at all.
 */
final class RejectionsEndpoint extends WindowedList<RejectionRecord> {
    static final int DEFAULT_LIMIT = 100;
    /** Each row may carry up to 64 KiB of payload. */
    static final int MAX_LIMIT = 1_000;

    static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    private final RejectionStore store;

    RejectionsEndpoint(DbWorker db, AccessPolicy policy, RejectionStore store, Clock clock) {
        super(db, policy, clock, DEFAULT_SPAN, DEFAULT_LIMIT, MAX_LIMIT);
        this.store = store;
    }

    @Override
    Page<RejectionRecord> open(RequestContext request, RoutingContext ctx) {
        String tenant = request.tenant();
        policy.requireOperational(request, "rejections");
        return new Page<>(
                (c, window, limit) -> store.list(c, tenant, window.from(), window.to(), limit),
                (window, limit, rows) -> render(tenant, window, limit, rows));
    }

    static Buffer render(String tenant, TimeWindow window, int limit, List<RejectionRecord> rows) {
        List<RejectionRecord> page = rows;
        Instant nextTo = null;
        if (rows.size() > limit) {
            Instant cut = rows.get(limit).receivedAt();
            int end = limit;
            while (end > 0 && rows.get(end - 1).receivedAt().equals(cut)) {
                end--;
            }
            if (end > 0) {
                page = rows.subList(0, end);
                // PostgreSQL keeps microseconds: "< cut + 1 µs" is "<= cut", so the group at the cut comes next.
                nextTo = cut.plus(1, ChronoUnit.MICROS);
            } else {
                page = rows.subList(0, limit);
            }
        }
        JsonArray out = new JsonArray();
        for (RejectionRecord r : page) {
            out.add(new JsonObject()
                    .put("kind", r.kind())
                    .put("id", r.id())
                    .put("gateway", r.gateway())
                    .put("topic", r.topic())
                    .put("received_at", r.receivedAt().toString())
                    .put("reason", r.reason())
                    .put("field", r.field())
                    .put("detail", r.detail())
                    .put("sensor", r.sensor())
                    .put("reading_index", r.readingIndex())
                    .put("payload", r.payload())
                    .put("payload_size", r.payloadSize()));
        }
        JsonObject body = new JsonObject()
                .put("tenant", tenant)
                .put("from", window.from().toString())
                .put("to", window.to().toString())
                .put("rejections", out)
                .put("truncated", rows.size() > limit);
        if (nextTo != null) {
            body.put("next_to", nextTo.toString());
        }
        return body.toBuffer();
    }
}
