package io.coldchain.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The backend's MQTT side: which broker, and how its own session behaves.
 *
 * @param url broker URL, or empty to start the embedded broker on {@code embeddedPort}
 * @param consumers connections consuming readings in parallel (same share group)
 * @param receiveMaximum unacknowledged messages the broker may send before waiting: since a message
 *     is acknowledged only after its readings are committed, this bounds memory under a slow database
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
    Duration sessionExpiry) {

  public boolean embedded() {
    return url.isEmpty();
  }

  @Override
  public String toString() {
    return "MqttOptions[url=" + url.orElse("(embedded)") + ", embeddedPort=" + embeddedPort + ", embeddedBind=" + embeddedBind
        + ", username=" + username.orElse("") + ", password=" + password.map(p -> "***").orElse("") + ", clientId=" + clientId
        + ", shareGroup=" + shareGroup + ", receiveMaximum=" + receiveMaximum + ", consumers=" + consumers + ", sessionExpiry=" + sessionExpiry + "]";
  }

  /** The client id of consumer {@code index} (0-based): the first keeps the configured id, so one consumer behaves as before. */
  public String clientId(int index) {
    return index == 0 ? clientId : clientId + "-" + index;
  }

  /** The same options with the backend's login to the broker (the embedded broker's generated one). */
  public MqttOptions withLogin(String user, String pass) {
    return new MqttOptions(url, embeddedPort, embeddedBind, Optional.of(user), Optional.of(pass), clientId, shareGroup,
        receiveMaximum, consumers, sessionExpiry);
  }

  /** The URL the backend's client connects to. */
  public String brokerUrl() {
    return url.orElse("tcp://127.0.0.1:" + embeddedPort);
  }
}
