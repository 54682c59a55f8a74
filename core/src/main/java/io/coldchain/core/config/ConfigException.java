package io.coldchain.core.config;

/** A configuration mistake, reported at start-up with a message that says what to fix. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
