package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.coldchain.core.credential.MqttIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which credential each client id last logged in with, and until when that login stays valid: what
 * revocation and the end of a rotation's grace period act on. Entries are replaced by the next login
 * of the same client id; an entry of a client that has left costs a few bytes and a harmless
 * disconnect call.
 */
final class ConnectedClients {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectedClients.class);

    private record Login(MqttIdentity identity, Optional<Instant> validUntil) {}

    private final Map<String, Login> byClientId = new ConcurrentHashMap<>();
    private final Clock clock;

    ConnectedClients(Clock clock) {
        this.clock = clock;
    }

    void loggedIn(String clientId, MqttIdentity identity, Optional<Instant> validUntil) {
        byClientId.put(clientId, new Login(identity, validUntil));
    }

    /** Disconnects every client logged in with {@code identity}. */
    void revoked(MqttIdentity identity) {
        byClientId.forEach((clientId, login) -> {
            if (login.identity().equals(identity) && byClientId.remove(clientId, login)) {
                disconnect(clientId, identity, "credential revoked");
            }
        });
    }

    /**
     * A new password: clients logged in with the old one (no end of validity yet) may stay until
     * {@code oldValidUntil}, then {@link #expire} disconnects them.
     */
    void rotated(MqttIdentity identity, Instant oldValidUntil) {
        byClientId.replaceAll((clientId, login) ->
                login.identity().equals(identity) && login.validUntil().isEmpty()
                        ? new Login(identity, Optional.of(oldValidUntil))
                        : login);
        expire();
    }

    /** Disconnects clients whose password stopped being valid (called every second). */
    void expire() {
        Instant now = clock.instant();
        byClientId.forEach((clientId, login) -> {
            if (login.validUntil().filter(until -> !now.isBefore(until)).isPresent()
                    && byClientId.remove(clientId, login)) {
                disconnect(clientId, login.identity(), "previous password expired");
            }
        });
    }

    private static void disconnect(String clientId, MqttIdentity identity, String why) {
        LOG.info(
                "Disconnecting MQTT client {} of tenant {} credential {}: {}",
                clientId,
                identity.tenant(),
                identity.name(),
                why);
        Services.clientService().disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, why);
    }
}
