package io.coldchain.core.credential;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks a broker user name and password against the issued MQTT credentials: what the embedded
 * broker asks at every CONNECT. Blocking (a database read and a deliberately slow hash): never call
 * it on an event loop or a broker I/O thread.
 */
@FunctionalInterface
public interface MqttCredentialVerifier {

    /**
     * Who the user name and password belong to, or empty when they match no live credential
     * (unknown, revoked, wrong password, a previous password past its grace period).
     */
    Optional<Verified> verify(String username, byte[] password);

    /**
     * A matching credential.
     *
     * @param validUntil when the password used stops being valid: present when it is the previous
     *     password of a rotation, still in its grace period; empty for the current password
     */
    record Verified(MqttIdentity identity, Optional<Instant> validUntil) {}
}
