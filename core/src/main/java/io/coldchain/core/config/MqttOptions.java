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
    Optional<TlsListener> embeddedTls) {

  /** Without a TLS listener on the embedded broker. */
  public MqttOptions(Optional<String> url, int embeddedPort, String embeddedBind, Optional<String> username,
      Optional<String> password, String clientId, String shareGroup, int receiveMaximum, int consumers,
      Duration sessionExpiry) {
    this(url, embeddedPort, embeddedBind, username, password, clientId, shareGroup, receiveMaximum, consumers,
        sessionExpiry, Optional.empty());
  }

  public boolean embedded() {
    return url.isEmpty();
  }

  @Override
  public String toString() {
    return "MqttOptions[url=" + url.map(SecretMask::mask).orElse("(embedded)") + ", embeddedPort=" + embeddedPort + ", embeddedBind=" + embeddedBind
        + ", username=" + username.orElse("") + ", password=" + password.map(p -> "***").orElse("") + ", clientId=" + clientId
        + ", shareGroup=" + shareGroup + ", receiveMaximum=" + receiveMaximum + ", consumers=" + consumers + ", sessionExpiry=" + sessionExpiry
        + ", embeddedTls=" + embeddedTls.map(TlsListener::toString).orElse("(none)") + "]";
  }

  /** The client id of consumer {@code index} (0-based): the first keeps the configured id, so one consumer behaves as before. */
  public String clientId(int index) {
    return index == 0 ? clientId : clientId + "-" + index;
  }

  /** The URL the backend's client connects to. */
  public String brokerUrl() {
    return url.orElse("tcp://127.0.0.1:" + embeddedPort);
  }
}
