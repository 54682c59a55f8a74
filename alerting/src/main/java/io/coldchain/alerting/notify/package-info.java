/**
 * Alert notifications through a transactional outbox (docs/alerting.md, "Notifications").
 *
 * <ul>
 *   <li>{@link io.coldchain.alerting.notify.OutboxStore}: the alert store calls
 *       {@link io.coldchain.alerting.notify.OutboxStore#append} inside the transaction that changes
 *       an alert; the event and one pending delivery per receiver commit with the change or not at all.
 *   <li>{@link io.coldchain.alerting.notify.NotificationVerticle}: owns outbound notification I/O.
 *       It claims due deliveries (leased, {@code FOR UPDATE SKIP LOCKED}, so instances share the
 *       work and a dead one's claims come back), sends them on the MQTT alert topic, to webhooks
 *       (signed) and by e-mail, and records delivered, retry (exponential backoff with jitter) or
 *       parked. At least once; every event carries its idempotency key.
 *   <li>{@link io.coldchain.alerting.notify.NotificationTargetStore}: a tenant's webhook and e-mail
 *       receivers.
 * </ul>
 */
package io.coldchain.alerting.notify;
