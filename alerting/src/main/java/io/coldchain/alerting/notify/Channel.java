package io.coldchain.alerting.notify;

import java.util.Locale;

/** How a notification travels. Every alert event goes to {@link #MQTT}; targets add the others. */
public enum Channel {
    /** The contract's alert topic {@code coldchain/v1/{tenant}/alerts}, QoS 1. Never parked: it is our own broker. */
    MQTT,
    /** HTTP POST, signed with the target's secret. */
    WEBHOOK,
    /** E-mail over SMTP. */
    EMAIL;

    /** As stored and shown: {@code mqtt}, {@code webhook}, {@code email}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The contract's topic for a tenant's alert events (contract §2). */
    public static String alertTopic(String tenant) {
        return "coldchain/v1/" + tenant + "/alerts";
    }
}
