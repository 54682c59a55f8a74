package io.coldchain.core.config;

import io.coldchain.core.error.SecretMask;

/** A configuration mistake, reported at start-up with a message that says what to fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        // A setting's value may be a URL with a password in it; it is echoed to say what is wrong.
        super(SecretMask.mask(message));
    }
}
