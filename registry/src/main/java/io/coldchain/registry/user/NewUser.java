package io.coldchain.registry.user;

import java.util.Objects;
import java.util.Optional;

/** An account to create: validated by the caller (see {@link UserStore#validUsername}); the password is already hashed. */
public record NewUser(
        String username,
        Optional<String> tenant,
        String role,
        Optional<String> region,
        String displayName,
        String passwordHash) {
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    /** Never the hash: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "NewUser[" + username + ", " + role + tenant.map(t -> "@" + t).orElse("")
                + region.map(r -> " region " + r).orElse("") + "]";
    }
}
