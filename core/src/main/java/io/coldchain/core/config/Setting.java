package io.coldchain.core.config;

import java.util.Locale;

/**
 * One configuration setting. Its key (e.g. {@code db.url}) is used in config files and in
 * {@code -D key=value} flags; its environment variable is derived mechanically
 * ({@code COLDCHAIN_DB_URL}) so that there is exactly one spelling to learn per place.
 */
public record Setting(String key, String defaultValue, String description) {

  public String envName() {
    return "COLDCHAIN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
