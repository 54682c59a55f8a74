package io.coldchain.api;

import io.coldchain.alerting.notify.OutboxEvent;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.error.ColdchainException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/tenants/{tenant}/alerts/stream}: the tenant's alert events as Server-Sent
 * Events ({@code id:} the outbox id, {@code event:} the event name, {@code data:} the payload), with
 * a comment line every {@link #HEARTBEAT_MS} so that proxies and the server's idle timeout keep the
 * connection open. {@code Last-Event-ID} resumes after that event.
 *
 * <p>Correct with several backend instances: the source is the {@code alert_outbox} table, not the
 * local event bus, so every instance streams every tenant's events wherever they were appended. One
 * poller per process tails the table by id every {@link #POLL_MS} and fans out to the local
 * connections of each tenant. Ids are handed out at insert but become visible at commit, so a
 * smaller id can appear after a larger one; the tail therefore advances only over a contiguous run
 * of ids, and waits up to {@link #GAP_WAIT_MS} for a missing id before it passes over it (an id is
 * also used up by a rolled-back transaction or a repeated idempotency key, and those never appear).
 * That keeps the stream in id order, which is what makes resuming from {@code Last-Event-ID} exact.
 *
 * <p>Runs on the HTTP verticle's event loop; the database is read through {@link DbWorker}. A client
 * too slow to take its events is disconnected (it reconnects with {@code Last-Event-ID} and
 * catches up) rather than buffered without bound.
 */
final class AlertStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    static final long POLL_MS = 250;
    static final long HEARTBEAT_MS = 15_000;
    static final long GAP_WAIT_MS = 2_000;
    static final int PAGE = 500;
    static final int MAX_CONNECTIONS = 1_000;
    /** Client reconnection delay announced to EventSource clients. */
    static final int RETRY_MS = 3_000;

    private final Vertx vertx;
    private final DbWorker db;
    private final AccessPolicy policy;
    private final OutboxStore outbox;
    private final Map<String, Set<Connection>> byTenant = new HashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Ids above the cursor not seen yet, with when we first missed them (ms). */
    private final TreeMap<Long, Long> missingSince = new TreeMap<>();

    private long cursor = -1;
    private boolean polling;
    private long pollTimer = -1;
    private long heartbeatTimer = -1;

    AlertStream(Vertx vertx, DbWorker db, AccessPolicy policy, OutboxStore outbox, MeterRegistry registry) {
        this.vertx = vertx;
        this.db = db;
        this.policy = policy;
        this.outbox = outbox;
        Gauge.builder("coldchain_notify_sse_connections", connections, AtomicInteger::get)
                .description("Open alert event streams (Server-Sent Events) on this instance")
                .register(registry);
    }

    /**
     * Starts the shared tail at the newest event (a stream without Last-Event-ID starts from now).
     * Does not wait for the database: until it has answered once, streams are refused with 503.
     */
    void start() {
        pollTimer = vertx.setPeriodic(POLL_MS, t -> poll());
        heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, t -> heartbeat());
        poll();
    }

    // ---- the shared tail ----

    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        if (cursor < 0) {
            db.query(outbox::maxId, id -> id).onComplete(ar -> {
                polling = false;
                if (ar.succeeded()) {
                    cursor = ar.result();
                }
            });
            return;
        }
        long from = cursor;
        db.query(c -> outbox.eventsAfter(c, from, PAGE), events -> events).onComplete(ar -> {
            polling = false;
            if (ar.failed()) {
                LOG.debug(
                        "alert stream poll failed (next poll retries): {}",
                        ar.cause().toString());
                return;
            }
            advance(ar.result());
        });
    }

    private void advance(List<OutboxEvent> events) {
        long now = System.currentTimeMillis();
        for (OutboxEvent e : events) {
            boolean waited = true;
            for (long id = cursor + 1; id < e.id(); id++) {
                long since = missingSince.computeIfAbsent(id, k -> now);
                waited &= now - since >= GAP_WAIT_MS;
            }
            if (!waited) {
                break; // a smaller id may still commit: keep the order, look again on the next poll
            }
            missingSince.headMap(e.id(), true).clear();
            cursor = e.id();
            fanOut(e);
        }
    }

    private void fanOut(OutboxEvent e) {
        Set<Connection> conns = byTenant.get(e.tenant());
        if (conns != null) {
            for (Connection c : List.copyOf(conns)) {
                c.offer(e);
            }
        }
    }

    private void heartbeat() {
        for (Set<Connection> conns : byTenant.values()) {
            for (Connection c : List.copyOf(conns)) {
                c.write(": heartbeat\n\n");
            }
        }
    }

    // ---- one client ----

    void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireNotifications(request, false);
        Long lastEventId = lastEventId(ctx);
        if (cursor < 0) {
            throw ColdchainException.unavailable("the alert stream is starting; try again in a moment", null);
        }
        if (connections.get() >= MAX_CONNECTIONS) {
            throw ColdchainException.unavailable(
                    "too many alert streams open on this instance (" + MAX_CONNECTIONS + ")", null);
        }
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                // Compression would hold events back in the compressor's buffer.
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
                .putHeader("X-Accel-Buffering", "no");
        Connection conn = new Connection(tenant, r, lastEventId == null ? cursor : lastEventId);
        byTenant.computeIfAbsent(tenant, t -> new HashSet<>()).add(conn);
        connections.incrementAndGet();
        r.closeHandler(v -> conn.closed());
        r.exceptionHandler(e -> conn.closed());
        conn.write("retry: " + RETRY_MS + "\n: coldchain alert stream for tenant " + tenant + "\n\n");
        if (lastEventId != null && lastEventId < cursor) {
            conn.catchUp(cursor);
        } else {
            conn.goLive();
        }
    }

    private static Long lastEventId(RoutingContext ctx) {
        String v = ctx.request().getHeader("Last-Event-ID");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(v.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ColdchainException.badRequest(
                Params.INVALID,
                "Last-Event-ID must be an event id from this stream (got '"
                        + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "')");
    }

    /** One open stream. Until it has caught up, live events are held back (in order) and sent after. */
    private final class Connection {
        private final String tenant;
        private final HttpServerResponse response;
        private long sentUpTo;
        private boolean live;
        private boolean open = true;
        private final List<OutboxEvent> held = new ArrayList<>();

        Connection(String tenant, HttpServerResponse response, long sentUpTo) {
            this.tenant = tenant;
            this.response = response;
            this.sentUpTo = sentUpTo;
        }

        void offer(OutboxEvent e) {
            if (live) {
                send(e);
            } else {
                held.add(e);
            }
        }

        /** Sends the tenant's events in (sentUpTo, upTo] page by page, then goes live. */
        void catchUp(long upTo) {
            long from = sentUpTo;
            db.query(c -> outbox.tenantEventsBetween(c, tenant, from, upTo, PAGE), events -> events)
                    .onComplete(ar -> {
                        if (!open) {
                            return;
                        }
                        if (ar.failed()) {
                            LOG.debug(
                                    "alert stream catch-up failed: {}",
                                    ar.cause().toString());
                            close();
                            return;
                        }
                        ar.result().forEach(this::send);
                        if (ar.result().size() == PAGE && open) {
                            catchUp(upTo);
                        } else {
                            goLive();
                        }
                    });
        }

        void goLive() {
            live = true;
            for (Iterator<OutboxEvent> it = held.iterator(); it.hasNext() && open; ) {
                send(it.next());
            }
            held.clear();
        }

        private void send(OutboxEvent e) {
            if (e.id() <= sentUpTo || !open) {
                return;
            }
            StringBuilder sb = new StringBuilder(e.payloadJson().length() + 64)
                    .append("id: ")
                    .append(e.id())
                    .append('\n')
                    .append("event: ")
                    .append(e.event())
                    .append('\n');
            for (String line : e.payloadJson().split("\r\n|\r|\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            write(sb.append('\n').toString());
            sentUpTo = e.id();
        }

        void write(String text) {
            if (!open) {
                return;
            }
            if (response.writeQueueFull()) {
                LOG.info(
                        "Closing a slow alert stream of tenant {} (it resumes from Last-Event-ID {})",
                        tenant,
                        sentUpTo);
                close();
                return;
            }
            response.write(text);
        }

        void close() {
            closed();
            response.reset();
        }

        void closed() {
            if (!open) {
                return;
            }
            open = false;
            Set<Connection> conns = byTenant.get(tenant);
            if (conns != null && conns.remove(this)) {
                connections.decrementAndGet();
                if (conns.isEmpty()) {
                    byTenant.remove(tenant);
                }
            }
        }
    }

    @Override
    public void close() {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        for (Set<Connection> conns : List.copyOf(byTenant.values())) {
            for (Connection c : List.copyOf(conns)) {
                c.closed();
                c.response.end();
            }
        }
    }
}
