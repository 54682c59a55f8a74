package io.coldchain.alerting.store;

import io.coldchain.alerting.notify.AlertEvent;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * The one JSON shape of an alert: the HTTP API returns it and every notification (MQTT alert topic,
 * webhook, e-mail, SSE) carries it, with {@code event} and {@code idempotency_key} added.
 */
public final class AlertJson {
    private AlertJson() {}

    private static String thresholdField(String kind) {
        return switch (kind) {
            case "gap" -> "threshold";
            case "battery" -> "threshold_v";
            case "humidity_above" -> "threshold_rh";
            default -> "threshold_c";
        };
    }

    public static JsonObject toJson(AlertRecord a) {
        JsonObject rule =
                new JsonObject().put("key", a.ruleKey()).put("kind", a.kind()).put("severity", a.severity());
        if (a.threshold() != null) {
            rule.put(thresholdField(a.kind()), a.threshold());
        }
        if (a.delayMin() != null) {
            // The raw-milk kinds name their span as the profile's rule does.
            switch (a.kind()) {
                case "not_cooled_within" -> rule.put("within_min", a.delayMin());
                case "age_above" -> rule.put("max_age_h", a.delayMin() / 60);
                default -> rule.put("delay_min", a.delayMin());
            }
        }
        if (a.budgetMin() != null) {
            rule.put("budget_min", a.budgetMin());
        }
        rule.put("profiles", new JsonArray(a.profiles()));
        JsonArray batches = new JsonArray();
        for (AlertBatch b : a.batches()) {
            batches.add(new JsonObject()
                    .put("lot", b.lot())
                    .put("sku", b.sku())
                    .put("product", b.product())
                    .put("shipment", b.shipment())
                    .put("exposure_min", b.exposureS() == null ? null : Math.round(b.exposureS() / 6.0) / 10.0)
                    .put("disposition", b.disposition()));
        }
        Instant until = a.endedAt() != null ? a.endedAt() : a.lastOutAt();
        JsonObject out = new JsonObject()
                .put("id", a.id())
                .put("tenant", a.tenant())
                .put("rule", rule)
                .put("severity", a.severity())
                .put("status", a.status())
                .put("sensor", a.sensor())
                .put("asset", a.asset())
                .put("site", a.site())
                .put("lot", a.lot())
                .put("shipments", new JsonArray(a.shipments()))
                .put("batches", batches)
                .put("start", a.startedAt().toString())
                .put("end", str(a.endedAt()))
                .put("fired_at", str(a.firedAt()))
                .put("peak", a.peak())
                .put("peak_at", str(a.peakAt()))
                .put("duration", Duration.between(a.startedAt(), until).toString())
                .put("duration_s", Duration.between(a.startedAt(), until).toSeconds())
                .put("exposure_min", a.exposureS() == null ? null : Math.round(a.exposureS() / 6.0) / 10.0)
                .put("opened_at", str(a.openedAt()))
                .put("escalation_level", a.escalationLevel())
                .put("escalated_at", str(a.escalatedAt()))
                .put("merged_into", a.mergedInto());
        if (a.ackedAt() != null) {
            out.put(
                    "acknowledged",
                    new JsonObject()
                            .put("at", a.ackedAt().toString())
                            .put("by", a.ackedBy())
                            .put("note", a.ackNote()));
        }
        if (a.resolvedAt() != null) {
            out.put(
                    "resolved",
                    new JsonObject()
                            .put("at", a.resolvedAt().toString())
                            .put("by", a.resolvedBy())
                            .put("corrective_action", a.correctiveAction()));
        }
        return out;
    }

    /**
     * The notification of one event. The idempotency key names one state of one alert, so a
     * redelivered or re-appended event is recognised by every receiver.
     */
    public static AlertEvent event(AlertRecord a, String event) {
        String key = "alert-" + a.id() + "-v" + a.version() + "-" + event;
        String payload =
                toJson(a).put("event", event).put("idempotency_key", key).encode();
        return new AlertEvent(a.tenant(), a.id(), event, a.severity(), a.escalationLevel(), key, payload);
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
