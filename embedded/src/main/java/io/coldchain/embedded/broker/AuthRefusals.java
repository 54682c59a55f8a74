package io.coldchain.embedded.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts what the broker refuses: {@code coldchain_mqtt_auth_refusals_total{reason}}. */
final class AuthRefusals {
    enum Reason {
        /** No user name or password, an unknown user, a wrong, revoked or expired password: CONNACK 0x86. */
        BAD_CREDENTIALS,
        /** A tenant credential using one of the backend's client ids: CONNACK 0x87. */
        RESERVED_CLIENT_ID,
        /** The credential store could not answer: CONNACK 0x88 (server unavailable). */
        STORE_UNAVAILABLE,
        /** A publish outside the credential's topics: PUBACK 0x87 (MQTT 5), disconnect (3.1.1). */
        PUBLISH,
        /** A subscription outside the credential's topics: SUBACK 0x87 / 0x80. */
        SUBSCRIBE
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    AuthRefusals(MeterRegistry registry) {
        for (Reason r : Reason.values()) {
            counters.put(
                    r,
                    Counter.builder("coldchain.mqtt.auth.refusals")
                            .description("Connections, publishes and subscriptions the embedded broker refused")
                            .tag("reason", r.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
    }

    void count(Reason reason) {
        counters.get(reason).increment();
    }
}
