package io.coldchain.alerting.notify;

import java.time.Instant;

/** An appended alert event as the live stream sends it. */
public record OutboxEvent(long id, String tenant, String event, String payloadJson, Instant createdAt) {}
