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

    /**
     * Whether the value is a secret that is never printed: told by the key's last word
     * ({@code db.password}, {@code auth.jwt.secret}), so a new password setting is masked without
     * anyone remembering to say so.
     */
    public boolean secret() {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.equals("password") || last.equals("secret") || last.equals("passphrase");
    }
}
