package io.coldchain.core.credential;

import java.time.Instant;

/**
 * What happens to MQTT credentials, for brokers that keep their own copy of them (Mosquitto's
 * dynamic-security plugin is told through {@code $CONTROL/dynamic-security/v1}). The embedded
 * broker needs none of this: it asks the credential store directly. The plain password is only
 * ever passed here at the moment it is issued or rotated, never stored or logged.
 */
public interface MqttCredentialEvents {
    MqttCredentialEvents NONE = new MqttCredentialEvents() {};

    default void issued(MqttIdentity identity, char[] password) {}

    /** A new password; the old one stays valid until {@code oldValidUntil} where the broker can do that. */
    default void rotated(MqttIdentity identity, char[] password, Instant oldValidUntil) {}

    default void revoked(MqttIdentity identity) {}
}
