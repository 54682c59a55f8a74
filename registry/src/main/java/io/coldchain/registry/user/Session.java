package io.coldchain.registry.user;

import java.time.Instant;
import java.util.Objects;

/**
 * A live session as stored (its secret is not: only its SHA-256 is).
 *
 * @param kind {@code cookie} (the web app; writes need {@link #csrfToken}) or {@code bearer} (a tool)
 * @param now the database's clock when the session was read, so that timeouts compare times of one clock
 */
public record Session(
        long id, User user, String kind, String csrfToken, Instant createdAt, Instant lastSeenAt, Instant now) {
    public static final String COOKIE = "cookie";
    public static final String BEARER = "bearer";

    public Session {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    /** Never the CSRF token. */
    @Override
    public String toString() {
        return "Session[" + id + ", " + user.username() + ", " + kind + "]";
    }
}
