package io.coldchain.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * API tokens and web app logins.
 *
 * @param jwtSecret configured HMAC secret; when empty, a key kept in the data directory is used
 * @param tokenTtl default lifetime of tokens printed by the token command
 * @param sessionIdle a login session unused for this long ends (OWASP: 15–30 min for most applications)
 * @param sessionAbsolute a login session ends this long after the login, used or not
 * @param loginDelayMax the longest a login attempt is held back after repeated failures
 */
public record AuthOptions(
        Optional<String> jwtSecret,
        Duration tokenTtl,
        Duration sessionIdle,
        Duration sessionAbsolute,
        Duration loginDelayMax) {
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_SESSION_ABSOLUTE = Duration.ofHours(12);
    public static final Duration DEFAULT_LOGIN_DELAY_MAX = Duration.ofSeconds(10);

    public AuthOptions {
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(sessionAbsolute, "sessionAbsolute");
        Objects.requireNonNull(loginDelayMax, "loginDelayMax");
    }

    /** Tokens only, with the default session settings. */
    public AuthOptions(Optional<String> jwtSecret, Duration tokenTtl) {
        this(jwtSecret, tokenTtl, DEFAULT_SESSION_IDLE, DEFAULT_SESSION_ABSOLUTE, DEFAULT_LOGIN_DELAY_MAX);
    }

    /** The same, with these session timeouts. */
    public AuthOptions withSessions(Duration idle, Duration absolute) {
        return new AuthOptions(jwtSecret, tokenTtl, idle, absolute, loginDelayMax);
    }

    @Override
    public String toString() {
        return "AuthOptions[jwtSecret=" + jwtSecret.map(s -> "***").orElse("(key file in data dir)") + ", tokenTtl="
                + tokenTtl + ", sessionIdle=" + sessionIdle + ", sessionAbsolute=" + sessionAbsolute
                + ", loginDelayMax=" + loginDelayMax + "]";
    }
}
