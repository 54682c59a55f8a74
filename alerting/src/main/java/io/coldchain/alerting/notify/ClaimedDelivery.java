package io.coldchain.alerting.notify;

import java.time.Instant;

/**
 * A delivery claimed for sending: the event and, for webhooks and e-mail, the target as it is now
 * (an admin's fix of a URL applies to pending retries).
 *
 * @param attempts this attempt's number, from 1
 * @param targetFound whether the target still exists and is enabled (always true for MQTT)
 */
public record ClaimedDelivery(
        DeliveryKey key,
        int attempts,
        String tenant,
        long alertId,
        String event,
        String severity,
        int escalationLevel,
        String idempotencyKey,
        String payloadJson,
        Instant createdAt,
        String url,
        String address,
        String secret,
        boolean targetFound) {}
