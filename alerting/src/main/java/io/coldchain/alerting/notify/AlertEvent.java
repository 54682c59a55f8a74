package io.coldchain.alerting.notify;

import java.util.Objects;
import java.util.Set;

/**
 * One alert event to notify. {@code event}: opened | updated | ended | merged | retracted | escalated |
 * acknowledged | resolved.
 *
 * @param escalationLevel 0 until the alert is escalated; targets of level k ≥ 1 receive only events
 *     of level ≥ k
 * @param idempotencyKey unique per event: a second append with the same key is a no-op, and
 *     receivers use it to drop the duplicates that at-least-once delivery may bring
 * @param payloadJson a JSON object, built by the alert store, sent as it is (opaque here)
 */
public record AlertEvent(
        String tenant,
        long alertId,
        String event,
        String severity,
        int escalationLevel,
        String idempotencyKey,
        String payloadJson) {
    public static final Set<String> EVENTS =
            Set.of("opened", "updated", "ended", "merged", "retracted", "escalated", "acknowledged", "resolved");
    public static final Set<String> SEVERITIES = Set.of("warning", "critical");

    public AlertEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("event must be one of " + EVENTS + " (got " + event + ")");
        }
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + SEVERITIES + " (got " + severity + ")");
        }
        if (escalationLevel < 0) {
            throw new IllegalArgumentException("escalationLevel must be >= 0 (got " + escalationLevel + ")");
        }
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > 200) {
            throw new IllegalArgumentException("idempotencyKey must be 1-200 characters");
        }
    }
}
