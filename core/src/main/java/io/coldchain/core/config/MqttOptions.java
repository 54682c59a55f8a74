package io.coldchain.core.config;

import io.coldchain.core.error.SecretMask;
import java.time.Duration;
import java.util.Optional;

/**
 * The backend's MQTT side: which broker, and how its own session behaves.
 *
 * @param url broker URL, or empty to start the embedded broker on {@code embeddedPort}
 * @param consumers connections consuming readings in parallel (same share group)
 * @param receiveMaximum unacknowledged messages the broker may send before waiting: since a message
 *     is acknowledged only after its readings are committed, this bounds memory under a slow database
 * @param embeddedTls the embedded broker's MQTT-over-TLS listener, when a certificate and key are configured
 * @param shareGroup shared-subscription group for scale-out, or empty for a plain (non-shared)
 *     subscription: brokers such as Mosquitto 2.0 do not persist shared subscriptions across a
 *     restart, and drop what arrives before the subscriber returns; a plain one is in the session
 * @param reconnectInterval fixed pause between reconnect attempts after the broker went away
 * @param dynsecUsername admin of Mosquitto's dynamic-security plugin; when set, the backend manages
 *     the broker's clients and roles through {@code $CONTROL/dynamic-security/v1}
 * @param dynsecPassword that admin's password
 */
public record MqttOptions(
        Optional<String> url,
        int embeddedPort,
        String embeddedBind,
        Optional<String> username,
        Optional<String> password,
        String clientId,
        String shareGroup,
        int receiveMaximum,
        int consumers,
        Duration sessionExpiry,
        Duration reconnectInterval,
        Optional<String> dynsecUsername,
        Optional<String> dynsecPassword,
        Optional<TlsListener> embeddedTls) {

    /** The settings before scale-out, dynamic security and TLS were configurable (tests that need none of them). */
    public MqttOptions(
            Optional<String> url,
            int embeddedPort,
            String embeddedBind,
            Optional<String> username,
            Optional<String> password,
            String clientId,
            String shareGroup,
            int receiveMaximum,
            int consumers,
            Duration sessionExpiry) {
        this(
                url,
                embeddedPort,
                embeddedBind,
                username,
                password,
                clientId,
                shareGroup,
                receiveMaximum,
                consumers,
                sessionExpiry,
                Duration.ofMillis(500),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** True when readings are consumed through a shared subscription (several instances split them). */
    public boolean shared() {
        return !shareGroup.isEmpty();
    }

    /** True when the backend manages a Mosquitto dynamic-security plugin. */
    public boolean dynsec() {
        return dynsecUsername.isPresent();
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "MqttOptions[url=" + url.map(SecretMask::mask).orElse("(embedded)") + ", embeddedPort=" + embeddedPort
                + ", embeddedBind=" + embeddedBind
                + ", username=" + username.orElse("") + ", password="
                + password.map(p -> "***").orElse("") + ", clientId=" + clientId
                + ", shareGroup=" + shareGroup + ", receiveMaximum=" + receiveMaximum + ", consumers=" + consumers
                + ", sessionExpiry=" + sessionExpiry
                + ", reconnectInterval=" + reconnectInterval + ", dynsecUsername=" + dynsecUsername.orElse("")
                + ", dynsecPassword=" + dynsecPassword.map(p -> "***").orElse("")
                + ", embeddedTls=" + embeddedTls.map(TlsListener::toString).orElse("(none)") + "]";
    }

    /** The client id of consumer {@code index} (0-based): the first keeps the configured id, so one consumer behaves as before. */
    public String clientId(int index) {
        return index == 0 ? clientId : clientId + "-" + index;
    }

    /** The same options with the backend's login to the broker (the embedded broker's generated one). */
    public MqttOptions withLogin(String user, String pass) {
        return new MqttOptions(
                url,
                embeddedPort,
                embeddedBind,
                Optional.of(user),
                Optional.of(pass),
                clientId,
                shareGroup,
                receiveMaximum,
                consumers,
                sessionExpiry);
    }

    /** The URL the backend's client connects to. */
    public String brokerUrl() {
        return url.orElse("tcp://127.0.0.1:" + embeddedPort);
    }
}
