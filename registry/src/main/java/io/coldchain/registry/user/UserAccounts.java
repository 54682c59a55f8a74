package io.coldchain.registry.user;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.AuditStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Creating accounts outside HTTP: the {@code user} command, the first administrator of a fresh
 * installation and the demo's users. The same checks, hash and audit entry as the HTTP endpoints
 * (api's {@code UserEndpoint}). Blocking.
 */
public final class UserAccounts {
    /** The audit trail's tenant for accounts of no tenant (regulators, the platform administrator). */
    public static final String NO_TENANT = "";

    private final DataSource pool;
    private final UserStore users = new UserStore();
    private final PasswordHasher hasher = new PasswordHasher();
    private final AuditStore audit = new AuditStore();

    public UserAccounts(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Creates an account; 400 for a bad username, role, region or weak password, 409 for a taken username.
     *
     * @param tenant the tenant of an admin or qa; empty for a regulator or the platform administrator
     * @param region the region of a regulator; empty otherwise
     * @param actor who creates it, for the audit trail (e.g. "command")
     */
    public User create(
            String username,
            Optional<String> tenant,
            String role,
            Optional<String> region,
            String displayName,
            String password,
            String actor)
            throws SQLException {
        if (!UserStore.validUsername(username)) {
            throw ColdchainException.badRequest(
                    "invalid_user", "username must be 1-64 characters of A-Z a-z 0-9 _ . : @ -");
        }
        boolean tenantRole = User.ADMIN.equals(role) || User.QA.equals(role);
        if (tenantRole != tenant.isPresent()
                || (User.REGULATOR.equals(role) != region.isPresent())
                || !(tenantRole || User.REGULATOR.equals(role) || User.PLATFORM.equals(role))) {
            throw ColdchainException.badRequest(
                    "invalid_user",
                    "admin and qa need a tenant, a regulator a region and no tenant, the platform administrator neither");
        }
        if (tenant.isPresent()) {
            io.coldchain.core.model.Ids.require("tenant", tenant.get());
        }
        if (region.isPresent() && !region.get().matches("[0-9]{2,12}")) {
            throw ColdchainException.badRequest(
                    "invalid_user", "region must be an administrative region code of 2-12 digits");
        }
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            throw ColdchainException.badRequest("invalid_user", weakness);
        }
        String hash = hasher.hash(password);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                User u = users.insert(c, new NewUser(username, tenant, role, region, displayName, hash), actor);
                audit.insert(
                        c, tenant.orElse(NO_TENANT), actor, "command", "create_user", "user", username, null, json(u));
                c.commit();
                return u;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Whether any account exists. */
    public boolean anyUser() throws SQLException {
        try (Connection c = pool.getConnection()) {
            return users.count(c) > 0;
        }
    }

    /** An account as the audit trail keeps it and the HTTP API answers it: never its password hash. */
    public static JsonObject json(User u) {
        return new JsonObject()
                .put("username", u.username())
                .put("display_name", u.displayName())
                .put("role", u.role())
                .put("tenant", u.tenant().orElse(null))
                .put("region", u.region().orElse(null))
                .put("created_at", u.createdAt().toString())
                .put("disabled_at", u.disabledAt().map(Object::toString).orElse(null));
    }
}
