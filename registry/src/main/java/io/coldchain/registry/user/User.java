package io.coldchain.registry.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who logs in to the web app (contract §6).
 *
 * @param tenant the tenant of an {@code admin} or {@code qa}; empty for a {@code regulator} (an
 *     authority's user) and for the {@code platform} administrator
 * @param role {@code admin}, {@code qa}, {@code regulator} or {@code platform}
 * @param region the region code a regulator reads; empty for everyone else
 * @param disabledAt when an admin disabled the account; a disabled user cannot log in
 */
public record User(
        long id,
        String username,
        Optional<String> tenant,
        String role,
        Optional<String> region,
        String displayName,
        Instant createdAt,
        Optional<Instant> disabledAt) {
    public static final String ADMIN = "admin";
    public static final String QA = "qa";
    public static final String REGULATOR = "regulator";
    /** Manages regulators and the users of any tenant; reads no tenant's data. The first user of a fresh installation. */
    public static final String PLATFORM = "platform";

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }

    public boolean enabled() {
        return disabledAt.isEmpty();
    }
}
