package io.coldchain.core.credential;

/**
 * Who an authenticated MQTT connection is. A {@code GATEWAY} named N of tenant T may publish only
 * to {@code coldchain/v1/T/N/readings|senml|status}; an {@code ALERTS} credential may only
 * subscribe to {@code coldchain/v1/T/alerts}; {@code BACKEND} is the backend's own connections
 * (its client ids, its share group, the alert topics). See contract §5.
 *
 * @param tenant the tenant, empty for {@code BACKEND}
 * @param name the credential's name (for a gateway: the gateway id), the client-id prefix for BACKEND
 */
public record MqttIdentity(String tenant, String name, Kind kind) {
    public enum Kind {
        GATEWAY,
        ALERTS,
        BACKEND
    }

    /** The broker user name of a tenant credential: {@code {tenant}/{name}}. */
    public String username() {
        return kind == Kind.BACKEND ? name : tenant + "/" + name;
    }
}
