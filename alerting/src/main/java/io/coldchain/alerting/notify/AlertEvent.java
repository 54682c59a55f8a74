package io.coldchain.alerting.notify;

/** One alert event to notify. event: opened | updated | escalated | acknowledged | resolved | retracted. */
public record AlertEvent(String tenant, long alertId, String event, String severity, int escalationLevel,
    String idempotencyKey, String payloadJson) {}
