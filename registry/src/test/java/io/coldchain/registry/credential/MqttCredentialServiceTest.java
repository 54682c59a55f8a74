package io.coldchain.registry.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttCredentialVerifier.Verified;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.db.Database;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.credential.MqttCredentialService.Actor;
import io.coldchain.registry.credential.MqttCredentialService.Issued;
import io.coldchain.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue, rotate (with and without grace), revoke and re-issue against the real schema, what the
 * broker's verifier accepts at each step, what the audit trail and the brokers are told, and that
 * no password or hash ever leaves in them.
 */
class MqttCredentialServiceTest {
    private static HikariDataSource pool;
    private static final Actor ADMIN = new Actor("admin@acme", "admin");

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T08:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private final MovableClock clock = new MovableClock();
    private final List<Object[]> audit = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final MqttCredentialService service = new MqttCredentialService(
            new MqttCredentialStore(),
            new PasswordHasher(),
            (c, tenant, actor, role, action, entity, id, before, after) ->
                    audit.add(new Object[] {tenant, action, id, before, after}),
            new MqttCredentialEvents() {
                @Override
                public void issued(MqttIdentity identity, char[] password) {
                    events.add("issued " + identity.username());
                }

                @Override
                public void rotated(MqttIdentity identity, char[] password, Instant oldValidUntil) {
                    events.add("rotated " + identity.username() + " until " + oldValidUntil);
                }

                @Override
                public void revoked(MqttIdentity identity) {
                    events.add("revoked " + identity.username());
                }
            },
            clock);
    private final StoredCredentialVerifier verifier =
            new StoredCredentialVerifier(pool, new MqttCredentialStore(), new PasswordHasher(), clock);

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("credentials"), db.user(), db.password(), 3, "credential-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void issueRotateWithGraceRevokeAndIssueAgain() throws Exception {
        try (Connection c = pool.getConnection()) {
            Issued first = service.issue(c, ADMIN, "acme", "truck-1", MqttIdentity.Kind.GATEWAY);
            assertThat(first.password()).hasSize(32);
            assertThat(first.credential().identity().username()).isEqualTo("acme/truck-1");
            assertThat(verify("acme/truck-1", first.password()))
                    .map(Verified::identity)
                    .contains(new MqttIdentity("acme", "truck-1", MqttIdentity.Kind.GATEWAY));
            assertThat(verify("acme/truck-1", first.password() + "x")).isEmpty();
            assertThat(verify("globex/truck-1", first.password())).isEmpty();
            assertThat(verify("truck-1", first.password())).isEmpty();

            assertThatThrownBy(() -> service.issue(c, ADMIN, "acme", "truck-1", MqttIdentity.Kind.ALERTS))
                    .isInstanceOf(ColdchainException.class)
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(409);

            Issued second = service.rotate(c, ADMIN, "acme", "truck-1", Duration.ofSeconds(30));
            assertThat(second.password()).isNotEqualTo(first.password());
            Instant until = clock.instant().plusSeconds(30);
            assertThat(verify("acme/truck-1", second.password()))
                    .map(Verified::validUntil)
                    .contains(Optional.empty());
            assertThat(verify("acme/truck-1", first.password()))
                    .map(Verified::validUntil)
                    .contains(Optional.of(until));
            clock.now.set(until);
            assertThat(verify("acme/truck-1", first.password()))
                    .as("the old password at the end of grace")
                    .isEmpty();
            assertThat(verify("acme/truck-1", second.password())).isPresent();

            Issued third = service.rotate(c, ADMIN, "acme", "truck-1", Duration.ZERO);
            assertThat(verify("acme/truck-1", second.password()))
                    .as("no grace: refused at once")
                    .isEmpty();
            assertThat(verify("acme/truck-1", third.password())).isPresent();

            service.revoke(c, ADMIN, "acme", "truck-1");
            assertThat(verify("acme/truck-1", third.password())).isEmpty();
            assertThatThrownBy(() -> service.revoke(c, ADMIN, "acme", "truck-1"))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(404);
            assertThatThrownBy(() -> service.rotate(c, ADMIN, "acme", "truck-1", Duration.ZERO))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(404);
            assertThat(service.list(c, "acme")).singleElement().satisfies(r -> {
                assertThat(r.revoked()).isTrue();
                assertThat(r.toString()).doesNotContain("argon2");
            });

            Issued again = service.issue(c, ADMIN, "acme", "truck-1", MqttIdentity.Kind.ALERTS);
            assertThat(verify("acme/truck-1", again.password()))
                    .map(v -> v.identity().kind())
                    .contains(MqttIdentity.Kind.ALERTS);
            assertThat(verify("acme/truck-1", third.password())).isEmpty();

            assertThat(events)
                    .containsExactly(
                            "issued acme/truck-1",
                            "rotated acme/truck-1 until " + until,
                            "rotated acme/truck-1 until " + until,
                            "revoked acme/truck-1",
                            "issued acme/truck-1");
            assertThat(audit)
                    .extracting(a -> (String) a[1])
                    .containsExactly(
                            "issue_mqtt_credential",
                            "rotate_mqtt_credential",
                            "rotate_mqtt_credential",
                            "revoke_mqtt_credential",
                            "issue_mqtt_credential");
            for (Object[] a : audit) {
                String text = String.valueOf(a[3]) + a[4];
                for (Issued i : List.of(first, second, third, again)) {
                    assertThat(text).doesNotContain(i.password());
                }
                assertThat(text).doesNotContain("argon2");
            }
            // The table keeps hashes only.
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery("SELECT password_hash FROM mqtt_credentials WHERE tenant = 'acme'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1))
                        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
                        .doesNotContain(again.password());
            }
        }
    }

    @Test
    void badNamesKindsAndGracesAre400() throws Exception {
        try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> service.issue(c, ADMIN, "initech", "a/b", MqttIdentity.Kind.GATEWAY))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(400);
            assertThatThrownBy(() -> service.issue(c, ADMIN, "initech", "backend", MqttIdentity.Kind.BACKEND))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(400);
            service.issue(c, ADMIN, "initech", "truck-2", MqttIdentity.Kind.GATEWAY);
            assertThatThrownBy(() -> service.rotate(c, ADMIN, "initech", "truck-2", Duration.ofDays(8)))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(400);
            assertThatThrownBy(() -> service.rotate(c, ADMIN, "initech", "truck-2", Duration.ofSeconds(-1)))
                    .extracting(e -> ((ColdchainException) e).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void theHasherRefusesWhatIsNotItsOwnHash() {
        PasswordHasher h = new PasswordHasher();
        byte[] pw = "correct horse".getBytes(StandardCharsets.UTF_8);
        String hash = h.hash(pw);
        assertThat(h.hash(pw)).as("salted").isNotEqualTo(hash);
        assertThat(h.matches(pw, hash)).isTrue();
        assertThat(h.matches("correct horsf".getBytes(StandardCharsets.UTF_8), hash))
                .isFalse();
        for (String bad : new String[] {
            null,
            "",
            "plain",
            "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA",
            "$argon2id$v=19$m=x$A$A",
            hash.replace("$v=19$", "$v=16$"),
            hash.substring(0, hash.length() - 4)
        }) {
            assertThat(h.matches(pw, bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(Map.of("a", h.newPassword(), "b", h.newPassword()))
                .satisfies(m -> assertThat(m.get("a")).isNotEqualTo(m.get("b")).matches("[A-Za-z0-9_-]{32}"));
    }

    private Optional<Verified> verify(String username, String password) {
        return verifier.verify(username, password.getBytes(StandardCharsets.UTF_8));
    }
}
