package io.coldchain.registry.credential;

import io.coldchain.core.credential.MqttIdentity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@code mqtt_credentials}, hashes included: never rendered as is ({@link #describe()}
 * is what callers and the audit trail see).
 */
public record MqttCredential(
        String tenant,
        String name,
        MqttIdentity.Kind kind,
        String passwordHash,
        Optional<String> previousHash,
        Optional<Instant> previousValidUntil,
        Instant createdAt,
        Optional<Instant> rotatedAt,
        Optional<Instant> revokedAt) {

    public MqttIdentity identity() {
        return new MqttIdentity(tenant, name, kind);
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** Without the hashes: a credential may end up in a log line. */
    @Override
    public String toString() {
        return "MqttCredential" + describe();
    }

    /** The credential without its hashes: what lists and the audit trail show. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("kind", kindName(kind));
        m.put("username", identity().username());
        m.put("created_at", createdAt.toString());
        m.put("rotated_at", rotatedAt.map(Instant::toString).orElse(null));
        m.put("previous_valid_until", previousValidUntil.map(Instant::toString).orElse(null));
        m.put("revoked_at", revokedAt.map(Instant::toString).orElse(null));
        return m;
    }

    /** {@code gateway} or {@code alerts}: the kind as the API and the table spell it. */
    public static String kindName(MqttIdentity.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The tenant credential kind for {@code gateway} or {@code alerts}; empty for anything else (BACKEND is never issued). */
    public static Optional<MqttIdentity.Kind> kindOf(String name) {
        return switch (name == null ? "" : name) {
            case "gateway" -> Optional.of(MqttIdentity.Kind.GATEWAY);
            case "alerts" -> Optional.of(MqttIdentity.Kind.ALERTS);
            default -> Optional.empty();
        };
    }
}
