package io.coldchain.registry.credential;

import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.model.Ids;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks a broker login ({@code {tenant}/{name}} and password) against {@code mqtt_credentials}:
 * the current hash, or the previous one while its grace period lasts. Revoked and unknown
 * credentials match nothing. Blocking: one indexed read and one Argon2id check.
 */
public final class StoredCredentialVerifier implements MqttCredentialVerifier {
    private final DataSource dataSource;
    private final MqttCredentialStore store;
    private final PasswordHasher hasher;
    private final Clock clock;

    public StoredCredentialVerifier(
            DataSource dataSource, MqttCredentialStore store, PasswordHasher hasher, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public Optional<Verified> verify(String username, byte[] password) {
        int slash = username == null ? -1 : username.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String tenant = username.substring(0, slash);
        String name = username.substring(slash + 1);
        if (!Ids.isValid(tenant) || !Ids.isValid(name)) {
            return Optional.empty();
        }
        Optional<MqttCredential> row;
        try (Connection c = dataSource.getConnection()) {
            row = store.find(c, tenant, name);
        } catch (SQLException e) {
            throw new IllegalStateException("credential store unavailable (SQL state " + e.getSQLState() + ")", e);
        }
        if (row.isEmpty() || row.get().revoked()) {
            return Optional.empty();
        }
        MqttCredential cred = row.get();
        if (hasher.matches(password, cred.passwordHash())) {
            return Optional.of(new Verified(cred.identity(), Optional.empty()));
        }
        Instant now = clock.instant();
        if (cred.previousHash().isPresent()
                && cred.previousValidUntil().filter(now::isBefore).isPresent()
                && hasher.matches(password, cred.previousHash().get())) {
            return Optional.of(new Verified(cred.identity(), cred.previousValidUntil()));
        }
        return Optional.empty();
    }
}
