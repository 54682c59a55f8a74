package io.coldchain.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/** Alerts, their live stream, notification targets and deliveries. */
final class AlertRoutes {
    private AlertRoutes() {}

    /** Returns the alert stream, which the verticle starts once listening and closes when stopping. */
    static AlertStream mount(
            Routes r, Vertx vertx, DbWorker db, AccessPolicy policy, ApiServices s, MeterRegistry metrics) {
        AlertStream stream = new AlertStream(vertx, db, policy, s.outbox(), metrics);
        // Before any /alerts/{id} route: routes match in order.
        r.get("/api/v1/tenants/{tenant}/alerts/stream", stream::handle);
        NotificationEndpoint notifications = new NotificationEndpoint(
                db,
                policy,
                s.notificationTargets(),
                s.outbox(),
                s.audit(),
                s.notifications().emailEnabled(),
                s.notifications().webhookAllowPrivate());
        r.get("/api/v1/tenants/{tenant}/notification-targets", notifications::listTargets);
        r.get("/api/v1/tenants/{tenant}/notification-targets/{target}", notifications::getTarget);
        r.put("/api/v1/tenants/{tenant}/notification-targets/{target}", notifications::putTarget);
        r.get("/api/v1/tenants/{tenant}/notification-deliveries", notifications::listDeliveries);

        AlertEndpoint alerts = new AlertEndpoint(db, policy, s.alerts(), s.audit(), s.outbox()::append);
        r.get("/api/v1/tenants/{tenant}/alerts", alerts::list);
        r.get("/api/v1/tenants/{tenant}/alerts/{id}", alerts::get);
        r.post("/api/v1/tenants/{tenant}/alerts/{id}/ack", alerts::acknowledge);
        r.post("/api/v1/tenants/{tenant}/alerts/{id}/resolve", alerts::resolve);
        return stream;
    }
}
