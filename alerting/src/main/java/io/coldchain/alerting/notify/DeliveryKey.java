package io.coldchain.alerting.notify;

/** Identifies one delivery: an event to one receiver over one channel. */
public record DeliveryKey(long outboxId, Channel channel, String target) {}
