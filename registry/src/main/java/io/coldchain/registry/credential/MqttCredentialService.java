package io.coldchain.registry.credential;

import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, lists, rotates and revokes MQTT credentials (contract §5). Every change is written to the
 * audit trail in the same transaction, without any password or hash; the brokers are told after the
 * commit ({@link MqttCredentialEvents}: the embedded broker disconnects revoked clients, a Mosquitto
 * dynamic-security bridge updates its copy). The plain password exists only in the returned
 * {@link Issued} and the event call.
 */
public final class MqttCredentialService {
    private static final Logger LOG = LoggerFactory.getLogger(MqttCredentialService.class);
    /** Longest rotation grace period: a gateway fleet is re-provisioned within a week or the old password was leaked. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    /** Writes one audit row within the caller's transaction (the registry's audit trail, {@code audit_log}). */
    @FunctionalInterface
    public interface AuditTrail {
        void record(
                Connection c,
                String tenant,
                String actor,
                String role,
                String action,
                String entity,
                String entityId,
                Map<String, Object> before,
                Map<String, Object> after)
                throws SQLException;
    }

    /** Who asks: the token's subject and role, for the audit trail. */
    public record Actor(String subject, String role) {}

    /** A credential just issued or rotated, with its password: shown once, never stored. */
    public record Issued(MqttCredential credential, String password) {}

    private final MqttCredentialStore store;
    private final PasswordHasher hasher;
    private final AuditTrail audit;
    private final MqttCredentialEvents events;
    private final Clock clock;

    public MqttCredentialService(
            MqttCredentialStore store,
            PasswordHasher hasher,
            AuditTrail audit,
            MqttCredentialEvents events,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** 409 when a live credential of that name exists. Blocking. */
    public Issued issue(Connection c, Actor actor, String tenant, String name, MqttIdentity.Kind kind)
            throws SQLException {
        Ids.require("name", name);
        if (kind == MqttIdentity.Kind.BACKEND) {
            throw ColdchainException.badRequest("invalid_kind", "kind must be gateway or alerts");
        }
        String password = hasher.newPassword();
        String hash = hasher.hash(PasswordHasher.utf8(password)); // slow: before the transaction, not inside it
        MqttCredential created = inTransaction(c, () -> {
            MqttCredential row = store.insert(c, tenant, name, kind, hash)
                    .orElseThrow(() -> ColdchainException.conflict(
                            "credential_exists", "an MQTT credential named " + name + " exists; rotate or revoke it"));
            audit.record(
                    c,
                    tenant,
                    actor.subject(),
                    actor.role(),
                    "issue_mqtt_credential",
                    "mqtt_credential",
                    name,
                    null,
                    row.describe());
            return row;
        });
        LOG.info("MQTT credential issued: tenant {} name {} kind {}", tenant, name, MqttCredential.kindName(kind));
        tell(password, pw -> events.issued(created.identity(), pw));
        return new Issued(created, password);
    }

    public List<MqttCredential> list(Connection c, String tenant) throws SQLException {
        return store.list(c, tenant);
    }

    /** 404 when there is no live credential of that name. Blocking. */
    public MqttCredential revoke(Connection c, Actor actor, String tenant, String name) throws SQLException {
        MqttCredential revoked = inTransaction(c, () -> {
            Optional<MqttCredential> before = store.find(c, tenant, name).filter(r -> !r.revoked());
            MqttCredential row = store.revoke(c, tenant, name).orElseThrow(() -> noSuchCredential(tenant, name));
            audit.record(
                    c,
                    tenant,
                    actor.subject(),
                    actor.role(),
                    "revoke_mqtt_credential",
                    "mqtt_credential",
                    name,
                    before.map(MqttCredential::describe).orElse(null),
                    row.describe());
            return row;
        });
        LOG.info("MQTT credential revoked: tenant {} name {}", tenant, name);
        try {
            events.revoked(revoked.identity());
        } catch (RuntimeException e) {
            LOG.warn("MQTT credential event failed: tenant {} name {}: {}", tenant, name, e.getMessage());
        }
        return revoked;
    }

    /**
     * A new password; the old one stays valid for {@code grace} (zero: refused at once, and clients
     * connected with it are disconnected). 404 when there is no live credential of that name. Blocking.
     */
    public Issued rotate(Connection c, Actor actor, String tenant, String name, Duration grace) throws SQLException {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ColdchainException.badRequest("invalid_grace", "grace_s must be from 0 to " + MAX_GRACE.toSeconds());
        }
        String password = hasher.newPassword();
        String hash = hasher.hash(PasswordHasher.utf8(password));
        Instant now = clock.instant();
        Optional<Instant> oldValidUntil = grace.isZero() ? Optional.empty() : Optional.of(now.plus(grace));
        MqttCredential rotated = inTransaction(c, () -> {
            Optional<MqttCredential> before = store.find(c, tenant, name).filter(r -> !r.revoked());
            MqttCredential row = store.rotate(c, tenant, name, hash, oldValidUntil)
                    .orElseThrow(() -> noSuchCredential(tenant, name));
            audit.record(
                    c,
                    tenant,
                    actor.subject(),
                    actor.role(),
                    "rotate_mqtt_credential",
                    "mqtt_credential",
                    name,
                    before.map(MqttCredential::describe).orElse(null),
                    row.describe());
            return row;
        });
        LOG.info(
                "MQTT credential rotated: tenant {} name {} old password valid for {} s",
                tenant,
                name,
                grace.toSeconds());
        tell(password, pw -> events.rotated(rotated.identity(), pw, oldValidUntil.orElse(now)));
        return new Issued(rotated, password);
    }

    private static ColdchainException noSuchCredential(String tenant, String name) {
        return ColdchainException.notFound("no live MQTT credential " + name + " for tenant " + tenant);
    }

    /** The password as characters for the event, wiped afterwards (the returned String cannot be). */
    private static void tell(String password, java.util.function.Consumer<char[]> event) {
        char[] pw = password.toCharArray();
        try {
            event.accept(pw);
        } catch (RuntimeException e) {
            // The change is committed; a broker that keeps its own copy is re-synchronised by its bridge.
            LOG.warn("MQTT credential event failed: {}", e.getMessage());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
