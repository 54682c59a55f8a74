package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.coldchain.testkit.TestCredentials;
import io.coldchain.testkit.TestCredentials.Login;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * MQTT credentials over time on the embedded broker of {@code run} (contract §5): revocation and
 * rotation of connected clients, and the simulator and the bench's load generator logging in with
 * credentials issued through the API.
 */
class MqttCredentialLifecycleIT extends EmbeddedEdgeHarness {
    // ---- revocation and rotation ----------------------------------------------------------------------

    @Test
    void revocationDisconnectsAConnectedClientWithinSeconds() throws Exception {
        String t = tenant();
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-5");
        MqttAsyncClient c = connect5("revoked-" + t, gw);
        assertThat(c.isConnected()).isTrue();
        HttpResponse<String> r = http("DELETE", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-5", admin(t), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Instant revoked = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !c.isConnected());
        assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(refusal5(gw)).isEqualTo(BAD_USER_OR_PASSWORD);
        // Listed as revoked, without any password or hash; issued again, it works with the new password only.
        String list = http("GET", "/api/v1/tenants/" + t + "/mqtt-credentials", admin(t), null)
                .body();
        assertThat(list)
                .contains("\"revoked_at\":\"")
                .doesNotContain("password\"")
                .doesNotContain("argon2");
        Login again = TestCredentials.gateway(base, admin(t), t, "truck-5");
        assertThat(refusal5(gw)).isEqualTo(BAD_USER_OR_PASSWORD);
        assertThat(connect5("again-" + t, again).isConnected()).isTrue();
        assertThat(http(
                                "POST",
                                "/api/v1/tenants/" + t + "/mqtt-credentials",
                                admin(t),
                                "{\"name\":\"truck-5\",\"kind\":\"gateway\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void rotationKeepsTheOldPasswordValidForItsGracePeriodOnly() throws Exception {
        String t = tenant();
        Login old = TestCredentials.gateway(base, admin(t), t, "truck-7");
        MqttAsyncClient connectedWithOld = connect5("rot-old-" + t, old);
        HttpResponse<String> r =
                http("POST", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-7/rotate", admin(t), "{\"grace_s\":15}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Login fresh = TestCredentials.parse(r.body());
        assertThat(fresh.password()).isNotEqualTo(old.password());
        Instant graceEnd = Instant.parse(new io.vertx.core.json.JsonObject(r.body()).getString("previous_valid_until"));

        // Within the grace period: both passwords, and the old connection stays.
        MqttAsyncClient reconnectedWithOld = connect5("rot-old2-" + t, old);
        MqttAsyncClient withNew = connect5("rot-new-" + t, fresh);
        assertThat(Instant.now()).isBefore(graceEnd);
        assertThat(connectedWithOld.isConnected()).isTrue();
        assertThat(publish5(connectedWithOld, "coldchain/v1/" + t + "/truck-7/readings", readings("rot-p1", 1, 0)))
                .isZero();

        // After it: the old password is refused, its connections are closed, the new one stays.
        // (15 s of grace: each login with a password not yet cached is an Argon2id check, slow on a busy machine.)
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Instant.now().isAfter(graceEnd));
        assertThat(refusal5(old)).isEqualTo(BAD_USER_OR_PASSWORD);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> !connectedWithOld.isConnected() && !reconnectedWithOld.isConnected());
        assertThat(withNew.isConnected()).isTrue();
        assertThat(connect5("rot-new2-" + t, fresh).isConnected()).isTrue();

        // Without a grace period, the old password stops at once.
        HttpResponse<String> now =
                http("POST", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-7/rotate", admin(t), null);
        assertThat(now.statusCode()).isEqualTo(200);
        assertThat(refusal5(fresh)).isEqualTo(BAD_USER_OR_PASSWORD);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !withNew.isConnected());
        assertThat(connect5("rot-newest-" + t, TestCredentials.parse(now.body()))
                        .isConnected())
                .isTrue();
    }

    // ---- the simulator and the bench log in --------------------------------------------------------

    /** A scenario run through the API: its gateways get credentials, log in and publish without a single refusal. */
    @Test
    void theSimulatorsGatewaysLogInWithTheirCredentials() throws Exception {
        String t = tenant();
        double refusedBefore = refusals("bad_credentials") + refusals("publish");
        try (io.coldchain.simulator.ScenarioRunner.Handle run = io.coldchain.simulator.ScenarioRunner.start(
                "dairy-morning-round",
                io.coldchain.simulator.SimOptions.of(url)
                        .withApi(URI.create(base), admin(t))
                        .withTenant(t)
                        .withSpeed(0)
                        .withDeliveryFaults(false))) {
            assertThat(run.awaitDone(Duration.ofMinutes(3)))
                    .as("the simulation finished")
                    .isTrue();
            assertThat(run.stats().failures())
                    .as("publishes or connects that failed")
                    .isZero();
            long readings = run.stats().readings();
            assertThat(readings).isPositive();
            // Every reading accounted for: stored, or refused for its content (the scenario's probe faults).
            String refused = "SELECT count(*) FROM rejected_readings WHERE tenant = ?";
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> stored(t) + count(refused, t) >= readings);
            assertThat(stored(t) + count(refused, t)).isEqualTo(readings);
            assertThat(stored(t)).isPositive();
        }
        assertThat(refusals("bad_credentials") + refusals("publish")).isEqualTo(refusedBefore);
    }

    /** The bench's load generator, each gateway with its credential: every reading stored, exactly. */
    @Test
    void theLoadGeneratorLogsInWithCredentials() throws Exception {
        String t = tenant();
        io.coldchain.simulator.LoadGenerator.Plan plan = new io.coldchain.simulator.LoadGenerator.Plan(
                url, t, 3, 4, 10, 600, 0, Instant.now().minus(Duration.ofHours(2)), 10);
        java.util.Map<String, io.coldchain.simulator.gateway.GatewayLogin> logins = new java.util.HashMap<>();
        for (String g : plan.gatewayIds()) {
            Login l = TestCredentials.gateway(base, admin(t), t, g);
            logins.put(g, new io.coldchain.simulator.gateway.GatewayLogin(l.username(), l.password()));
        }
        io.coldchain.simulator.LoadGenerator.Result r =
                new io.coldchain.simulator.LoadGenerator(plan.withLogins(logins)).run();
        assertThat(r.readings()).isEqualTo(600);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) >= 600);
        assertThat(stored(t)).isEqualTo(600);
        // Without them, nobody gets in.
        assertThat(catchThrowableOfType(
                        MqttException.class, () -> new io.coldchain.simulator.LoadGenerator(plan).run()))
                .isNotNull()
                .extracting(MqttException::getReasonCode)
                .isEqualTo(BAD_USER_OR_PASSWORD);
    }
}
