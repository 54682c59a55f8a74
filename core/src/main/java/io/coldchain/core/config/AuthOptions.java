package io.coldchain.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * API tokens.
 *
 * @param jwtSecret configured HMAC secret; when empty, a key kept in the data directory is used
 * @param tokenTtl default lifetime of tokens printed by the token command
 */
public record AuthOptions(Optional<String> jwtSecret, Duration tokenTtl) {
  @Override
  public String toString() {
    return "AuthOptions[jwtSecret=" + jwtSecret.map(s -> "***").orElse("(key file in data dir)") + ", tokenTtl=" + tokenTtl + "]";
  }
}
