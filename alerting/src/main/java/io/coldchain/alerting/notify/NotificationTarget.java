package io.coldchain.alerting.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's webhook or e-mail receiver of alert events. The webhook secret is write-only: it is
 * kept here only as "set or not" and never leaves the store except to sign a delivery.
 *
 * @param url the webhook's URL (webhook only)
 * @param address the e-mail address (email only)
 * @param minSeverity {@code warning} receives every severity, {@code critical} only critical events
 * @param escalationLevel 0 receives every event; k ≥ 1 only events escalated to level k or beyond
 */
public record NotificationTarget(
        String tenant,
        String target,
        Channel channel,
        Optional<String> url,
        Optional<String> address,
        boolean secretSet,
        String minSeverity,
        int escalationLevel,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {

    public NotificationTarget {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(address, "address");
    }

    /** What a PUT asks for; {@code secret} empty keeps the stored one. */
    public record Input(
            Channel channel,
            Optional<String> url,
            Optional<String> address,
            Optional<String> secret,
            String minSeverity,
            int escalationLevel,
            boolean enabled) {
        public Input {
            if (channel == Channel.MQTT) {
                throw new IllegalArgumentException("mqtt is not a target channel: every event goes to the alert topic");
            }
        }
    }
}
