package io.coldchain.api;

import io.coldchain.alerting.eval.AlertEvents;
import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.AlertStore.HistoryEntry;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegionScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alerts: list and read (admin, qa, and regulators for sites in their region), acknowledge and
 * resolve (admin, qa). A transition, its history row, its audit row and its notification event are
 * one transaction, so a notified acknowledgement is always a stored one.
 */
final class AlertEndpoint {
    private static final Set<String> STATUSES = Set.of("open", "acknowledged", "resolved", "merged", "retracted");

    private final DbWorker db;
    private final AccessPolicy policy;
    private final AlertStore store;
    private final AuditStore audit;
    private final AlertEvents events;

    AlertEndpoint(DbWorker db, AccessPolicy policy, AlertStore store, AuditStore audit, AlertEvents events) {
        this.db = db;
        this.policy = policy;
        this.store = store;
        this.audit = audit;
        this.events = events;
    }

    void list(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String status = ctx.queryParams().get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ColdchainException.badRequest(
                    Params.INVALID, "status must be one of open, acknowledged, resolved, merged, " + "retracted");
        }
        String site = optionalId(ctx, "site");
        String lot = optionalId(ctx, "lot");
        String sensor = optionalId(ctx, "sensor");
        Instant from = ctx.queryParams().get("from") == null
                ? null
                : Params.time("from", ctx.queryParams().get("from"));
        Instant to = ctx.queryParams().get("to") == null
                ? null
                : Params.time("to", ctx.queryParams().get("to"));
        if (from != null && to != null && !to.isAfter(from)) {
            throw ColdchainException.badRequest(Params.INVALID, "to must be after from");
        }
        int limit = Params.limit(ctx, 100, 1000);
        AlertStore.Query q = new AlertStore.Query(status, site, lot, sensor, from, to, limit);
        db.query(
                        c -> {
                            List<AlertRecord> visible = new java.util.ArrayList<>();
                            AccessPolicy.AlertFilter filter = policy.alertFilter(c, scope, tenant);
                            for (AlertRecord r : store.list(c, tenant, q)) {
                                if (filter.admits(r.site(), lots(r))) {
                                    visible.add(r);
                                }
                            }
                            return visible;
                        },
                        rows -> {
                            JsonArray out = new JsonArray();
                            rows.forEach(r -> out.add(AlertJson.toJson(r)));
                            return new JsonObject().put("alerts", out).toBuffer();
                        })
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        long id = alertId(ctx);
        db.query(
                        c -> {
                            AlertRecord r = store.get(c, tenant, id).orElseThrow(() -> notFound(tenant, id));
                            if (!policy.alertFilter(c, scope, tenant).admits(r.site(), lots(r))) {
                                throw notFound(tenant, id); // the same answer as for an alert that does not exist
                            }
                            JsonObject out = AlertJson.toJson(r);
                            JsonArray history = new JsonArray();
                            for (HistoryEntry h : store.history(c, id)) {
                                history.add(new JsonObject()
                                        .put("at", h.at().toString())
                                        .put("actor", h.actor())
                                        .put("event", h.event())
                                        .put("detail", h.detailJson() == null ? null : new JsonObject(h.detailJson())));
                            }
                            JsonObject status = new JsonObject();
                            for (AlertRecord.AlertBatch b : r.batches()) {
                                status.put(b.lot(), store.batchStatus(c, tenant, b.lot()));
                            }
                            return out.put("history", history).put("batch_status", status);
                        },
                        JsonObject::toBuffer)
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void acknowledge(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireAlertAction(request);
        long id = alertId(ctx);
        String note = AlertBody.acknowledgement(ctx.body().buffer()).values().getString("note");
        act(
                ctx,
                request,
                id,
                "acknowledge_alert",
                "acknowledged",
                (c, actor) -> store.acknowledge(c, request.tenant(), id, actor, note));
    }

    void resolve(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireAlertAction(request);
        long id = alertId(ctx);
        JsonObject body = AlertBody.resolution(ctx.body().buffer()).values();
        Map<String, String> dispositions = new LinkedHashMap<>();
        body.getJsonObject("dispositions").forEach(e -> dispositions.put(e.getKey(), (String) e.getValue()));
        String action = body.getString("corrective_action");
        act(
                ctx,
                request,
                id,
                "resolve_alert",
                "resolved",
                (c, actor) -> store.resolve(c, request.tenant(), id, actor, action, dispositions));
    }

    /** A change of an alert by a person: the alert as it was, the change, its audit entry and its event. */
    @FunctionalInterface
    private interface Change {
        AlertRecord apply(Connection c, String actor) throws SQLException;
    }

    /** Applies {@code change} in one transaction with its audit entry and event; answers the alert after it. */
    private void act(RoutingContext ctx, RequestContext request, long id, String action, String event, Change change) {
        String tenant = request.tenant();
        String actor = request.caller().subject();
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            JsonObject before =
                                    AlertJson.toJson(store.get(c, tenant, id).orElseThrow(() -> notFound(tenant, id)));
                            AlertRecord r = change.apply(c, actor);
                            JsonObject after = AlertJson.toJson(r);
                            audit.insert(
                                    c,
                                    tenant,
                                    actor,
                                    request.role(),
                                    action,
                                    "alert",
                                    Long.toString(id),
                                    before,
                                    after);
                            events.append(c, AlertJson.event(r, event));
                            return after;
                        }),
                        JsonObject::toBuffer)
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    private static List<String> lots(AlertRecord r) {
        return r.batches().stream().map(AlertRecord.AlertBatch::lot).toList();
    }

    private static long alertId(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ColdchainException.badRequest(Params.INVALID, "id must be a positive whole number (an alert id)");
    }

    private static String optionalId(RoutingContext ctx, String name) {
        List<String> v = ctx.queryParam(name);
        if (v.isEmpty() || v.get(0).isEmpty()) {
            return null;
        }
        if (!io.coldchain.core.model.Ids.isValid(v.get(0))) {
            throw ColdchainException.badRequest(
                    Params.INVALID, name + " must be 1-64 characters of A-Z a-z 0-9 _ . : -");
        }
        return v.get(0);
    }

    private static ColdchainException notFound(String tenant, long id) {
        return ColdchainException.notFound("no alert " + id + " for tenant " + tenant);
    }
}
