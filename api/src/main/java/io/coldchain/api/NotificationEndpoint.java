package io.coldchain.api;

import io.coldchain.alerting.notify.Channel;
import io.coldchain.alerting.notify.DeliveryRow;
import io.coldchain.alerting.notify.NotificationTarget;
import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.db.Jdbc;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.AuditStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a tenant's alert events go besides the MQTT alert topic: {@code PUT}/{@code GET}
 * {@code notification-targets/{target}} (admin writes, qa reads; each change audited as
 * {@code put_notification_target}, without the secret), {@code GET notification-targets}, and
 * {@code GET notification-deliveries?status=&limit=} (what was sent where, newest first; parked
 * ones are those given up after repeated failure). Regulators: 403.
 */
final class NotificationEndpoint {
    static final int DELIVERIES_DEFAULT_LIMIT = 100;
    static final int DELIVERIES_MAX_LIMIT = 1000;

    private final DbWorker db;
    private final AccessPolicy policy;
    private final NotificationTargetStore targets;
    private final OutboxStore outbox;
    private final AuditStore audit;
    private final boolean emailEnabled;
    private final boolean webhookAllowPrivate;

    /**
     * @param emailEnabled whether an SMTP server is configured; without one, e-mail targets are refused
     * @param webhookAllowPrivate whether webhooks may target private addresses (refused with a 400 when not)
     */
    NotificationEndpoint(
            DbWorker db,
            AccessPolicy policy,
            NotificationTargetStore targets,
            OutboxStore outbox,
            AuditStore audit,
            boolean emailEnabled,
            boolean webhookAllowPrivate) {
        this.webhookAllowPrivate = webhookAllowPrivate;
        this.db = db;
        this.policy = policy;
        this.targets = targets;
        this.outbox = outbox;
        this.audit = audit;
        this.emailEnabled = emailEnabled;
    }

    void putTarget(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireNotifications(request, true);
        String id = Params.id(ctx, "target");
        NotificationTarget.Input in =
                NotificationTargetBody.parse(ctx.body().buffer(), emailEnabled, webhookAllowPrivate);
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            if (!webhookAllowPrivate) {
                                // Name resolution blocks: here, on the worker, not while parsing on the event loop.
                                NotificationTargetBody.refusePrivateDestination(in);
                            }
                            NotificationTargetStore.PutResult r = targets.put(c, tenant, id, in);
                            if (r.changed()) {
                                audit.insert(
                                        c,
                                        tenant,
                                        request.caller().subject(),
                                        request.caller().role(),
                                        "put_notification_target",
                                        "notification_target",
                                        id,
                                        r.before() == null ? null : render(r.before()),
                                        render(r.after())
                                                .put(
                                                        "secret_changed",
                                                        in.secret().isPresent()));
                            }
                            return r;
                        }),
                        r -> r)
                .onSuccess(r -> JsonResponse.send(
                        ctx, r.created() ? 201 : 200, render(r.after()).toBuffer()))
                .onFailure(ctx::fail);
    }

    void getTarget(RoutingContext ctx) {
        String tenant = readableTenant(ctx);
        String id = Params.id(ctx, "target");
        db.query(
                        c -> targets.get(c, tenant, id),
                        t -> t.map(NotificationEndpoint::render)
                                .orElseThrow(() -> ColdchainException.notFound(
                                        "no notification target " + id + " in tenant " + tenant))
                                .toBuffer())
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    void listTargets(RoutingContext ctx) {
        String tenant = readableTenant(ctx);
        this.<NotificationTarget>list(
                ctx, tenant, "targets", c -> targets.list(c, tenant), NotificationEndpoint::render);
    }

    void listDeliveries(RoutingContext ctx) {
        String tenant = readableTenant(ctx);
        Optional<String> status = status(ctx);
        int limit = Params.limit(ctx, DELIVERIES_DEFAULT_LIMIT, DELIVERIES_MAX_LIMIT);
        this.<DeliveryRow>list(
                ctx,
                tenant,
                "deliveries",
                c -> outbox.deliveries(c, tenant, status, limit),
                NotificationEndpoint::render);
    }

    /** The request's tenant, once the caller may read its notification settings. */
    private String readableTenant(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireNotifications(request, false);
        return request.tenant();
    }

    /** Answers {@code {"tenant", key: [rows rendered]}}. */
    private <T> void list(
            RoutingContext ctx, String tenant, String key, Jdbc.Work<List<T>> rows, Function<T, JsonObject> render) {
        db.query(
                        rows,
                        found -> new JsonObject()
                                .put("tenant", tenant)
                                .put(
                                        key,
                                        new JsonArray(found.stream().map(render).toList()))
                                .toBuffer())
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    private static Optional<String> status(RoutingContext ctx) {
        List<String> values = ctx.queryParam("status");
        if (values.size() > 1) {
            throw ColdchainException.badRequest(Params.INVALID, "status is given more than once");
        }
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return Optional.empty();
        }
        String s = values.get(0);
        if (!DeliveryRow.STATUSES.contains(s)) {
            throw ColdchainException.badRequest(
                    Params.INVALID, "status must be pending, delivered or parked (got " + Ids.describe(s) + ")");
        }
        return Optional.of(s);
    }

    /** A target as answered: never its secret, only whether one is set. */
    static JsonObject render(NotificationTarget t) {
        JsonObject o = new JsonObject()
                .put("target", t.target())
                .put("channel", t.channel().wire());
        t.url().ifPresent(u -> o.put("url", u));
        t.address().ifPresent(a -> o.put("address", a));
        if (t.channel() == Channel.WEBHOOK) {
            o.put("secret_set", t.secretSet());
        }
        return o.put("min_severity", t.minSeverity())
                .put("escalation_level", t.escalationLevel())
                .put("enabled", t.enabled())
                .put("created_at", time(t.createdAt()))
                .put("updated_at", time(t.updatedAt()));
    }

    private static JsonObject render(DeliveryRow r) {
        return new JsonObject()
                .put("outbox_id", r.outboxId())
                .put("alert_id", r.alertId())
                .put("event", r.event())
                .put("severity", r.severity())
                .put("idempotency_key", r.idempotencyKey())
                .put("channel", r.channel())
                .put("target", r.target())
                .put("status", r.status())
                .put("attempts", r.attempts())
                .put("next_attempt_at", "pending".equals(r.status()) ? time(r.nextAttemptAt()) : null)
                .put("last_error", r.lastError())
                .put("delivered_at", time(r.deliveredAt()))
                .put("created_at", time(r.createdAt()));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
