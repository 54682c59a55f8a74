package io.coldchain.alerting.notify;

import java.time.Instant;

/** A delivery as listed for people (newest first): what was to be sent, to whom, and how it went. */
public record DeliveryRow(
        long outboxId,
        long alertId,
        String event,
        String severity,
        String idempotencyKey,
        String channel,
        String target,
        String status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant deliveredAt,
        Instant createdAt) {
    public static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "delivered", "parked");
}
