package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.coldchain.testkit.TestCredentials;
import io.coldchain.testkit.TestCredentials.Login;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * Who may connect to the embedded broker of {@code run}, and what each credential may publish and
 * subscribe to (contract §5): anonymous and wrong logins over MQTT 5 and 3.1.1, the backend's client
 * ids, a gateway outside its topics while an honest one loses nothing, forged alerts, another
 * tenant's alerts.
 */
class MqttEdgeSecurityIT extends EmbeddedEdgeHarness {
    // ---- who may connect ----------------------------------------------------------------------------

    @Test
    void anonymousAndWrongPasswordsAreRefusedOverMqtt5() throws Exception {
        String t = tenant();
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
        assertThat(refusal5(null)).isEqualTo(BAD_USER_OR_PASSWORD);
        assertThat(refusal5(new Login(gw.username(), gw.password() + "x"))).isEqualTo(BAD_USER_OR_PASSWORD);
        assertThat(refusal5(new Login(t + "/nobody", gw.password()))).isEqualTo(BAD_USER_OR_PASSWORD);
        assertThat(refusal5(new Login("coldchain-backend", gw.password()))).isEqualTo(BAD_USER_OR_PASSWORD);
        // The right one gets in.
        assertThat(connect5("ok-" + t, gw).isConnected()).isTrue();
        assertThat(refusals("bad_credentials")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anonymousAndWrongPasswordsAreRefusedOverMqtt311() throws Exception {
        String t = tenant();
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
        assertThat(refusal3(null))
                .isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(refusal3(new Login(gw.username(), "wrong-" + gw.password())))
                .isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        org.eclipse.paho.client.mqttv3.MqttClient ok = connect3("ok3-" + t, gw);
        assertThat(ok.isConnected()).isTrue();
    }

    @Test
    void aTenantCredentialMayNotUseTheBackendsClientIds() throws Exception {
        String t = tenant();
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
        String backendId = backend.mqtt().clientId();
        for (String id : List.of(backendId, backendId + "-1", backendId + "-notify")) {
            MqttException e = catchThrowableOfType(MqttException.class, () -> connect5(id, gw));
            assertThat(e).as(id).isNotNull();
            assertThat(e.getReasonCode()).as(id).isEqualTo(NOT_AUTHORIZED);
        }
        // ...and the backend is still connected on all of them.
        assertThat(backend.mqtt().consumers()).isGreaterThan(0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> healthUp());
    }

    // ---- what a gateway may do --------------------------------------------------------------------

    /**
     * A gateway credential trying every way out of its own topics, while a legitimate gateway of the
     * same tenant publishes: each attempt refused, the legitimate readings all stored, exactly, and
     * nothing stored under another gateway's name or another tenant. HiveMQ answers a refused MQTT 5
     * publish with PUBACK 0x87 and then closes the connection, so the rogue reconnects for each try.
     */
    @Test
    void aGatewayPublishesOnlyOnItsOwnTopicsAndNotOneReadingIsLost() throws Exception {
        String t = tenant();
        String other = tenant();
        Login rogueLogin = TestCredentials.gateway(base, admin(t), t, "rogue");
        Login honestLogin = TestCredentials.gateway(base, admin(t), t, "honest");
        MqttAsyncClient honest = connect5("honest-" + t, honestLogin);
        double publishRefusalsBefore = refusals("publish");

        int messages = 20;
        int perMessage = 5;
        List<String> forbidden = List.of(
                "coldchain/v1/" + t + "/honest/readings",
                "coldchain/v1/" + t + "/honest/senml",
                "coldchain/v1/" + t + "/honest/status",
                "coldchain/v1/" + other + "/rogue/readings",
                "coldchain/v1/" + t + "/alerts",
                "coldchain/v1/" + t + "/rogue/other",
                "coldchain/v1/" + t + "/rogue");
        int attempt = 0;
        for (int i = 0; i < messages; i++) {
            assertThat(publish5(honest, "coldchain/v1/" + t + "/honest/readings", readings("honest-p1", perMessage, i)))
                    .isZero();
            // Between the honest messages, the rogue tries another gateway, another tenant, the alerts.
            String topic = forbidden.get(i % forbidden.size());
            MqttAsyncClient rogue = connect5("rogue-" + t + "-" + attempt++, rogueLogin);
            assertThat(publish5(rogue, topic, readings("stolen-" + i, 1, i)))
                    .as(topic)
                    .isEqualTo(NOT_AUTHORIZED);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !rogue.isConnected());
            assertThat(honest.isConnected()).isTrue();
        }
        MqttAsyncClient rogue = connect5("rogue-" + t + "-sub", rogueLogin);
        for (String filter : List.of(
                "#",
                "coldchain/v1/+/+/readings",
                "$share/coldchain/coldchain/v1/+/+/readings",
                "$share/g/coldchain/v1/" + t + "/+/readings",
                "coldchain/v1/" + t + "/alerts",
                "coldchain/v1/" + t + "/rogue/readings")) {
            assertThat(subscribe5(rogue, filter)).as(filter).isEqualTo(NOT_AUTHORIZED);
        }
        // Its own topic works, on the same connection.
        assertThat(publish5(rogue, "coldchain/v1/" + t + "/rogue/readings", readings("rogue-p1", 1, 0)))
                .isZero();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) >= messages * perMessage + 1);
        assertThat(count(
                        "SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'honest-p1' AND gateway = 'honest'",
                        t))
                .isEqualTo(messages * perMessage);
        assertThat(count(
                        "SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'rogue-p1' AND gateway = 'rogue'",
                        t))
                .isEqualTo(1);
        assertThat(stored(t)).isEqualTo(messages * perMessage + 1);
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor LIKE 'stolen-%'", t))
                .isZero();
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ?", other))
                .isZero();
        assertThat(count("SELECT count(*) FROM rejected_messages WHERE tenant = ?", t))
                .isZero();
        assertThat(refusals("publish") - publishRefusalsBefore).isEqualTo(messages);
    }

    /** MQTT 3.1.1 has no negative PUBACK: a publish outside the topics ends the connection. */
    @Test
    void aMqtt311GatewayPublishingOutsideItsTopicsIsDisconnected() throws Exception {
        String t = tenant();
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-3");
        org.eclipse.paho.client.mqttv3.MqttClient ok = connect3("v3-" + t, gw);
        ok.publish("coldchain/v1/" + t + "/truck-3/readings", readings("v3-p1", 1, 0), 1, false);
        assertThat(ok.isConnected()).isTrue();
        org.eclipse.paho.client.mqttv3.MqttException e = catchThrowableOfType(
                org.eclipse.paho.client.mqttv3.MqttException.class,
                () -> ok.publish("coldchain/v1/" + t + "/truck-4/readings", readings("v3-p2", 1, 0), 1, false));
        assertThat(e).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ok.isConnected());
        // A refused subscription is SUBACK 0x80.
        org.eclipse.paho.client.mqttv3.MqttClient sub = connect3("v3s-" + t, gw);
        org.eclipse.paho.client.mqttv3.IMqttToken token = sub.subscribeWithResponse("#", 1);
        assertThat(token.getGrantedQos()).containsExactly(0x80);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'v3-p1'", t) == 1);
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'v3-p2'", t))
                .isZero();
    }

    // ---- alerts -------------------------------------------------------------------------------------

    /**
     * Forged alerts (from a gateway credential, from an alerts credential) are refused and never reach
     * an alerts subscriber; only the backend's publish does. The backend's message, sent after the
     * forgeries were refused, marks the point by which they would have arrived.
     */
    @Test
    void aForgedAlertNeverReachesAnAlertsSubscriber() throws Exception {
        String t = tenant();
        Login listener = TestCredentials.alerts(base, admin(t), t, "ops-screen");
        Login gw = TestCredentials.gateway(base, admin(t), t, "truck-9");
        Login otherListener = TestCredentials.alerts(base, admin(t), t, "other-screen");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        MqttAsyncClient sub = connect5("screen-" + t, listener);
        sub.setCallback(new Received(received));
        assertThat(subscribe5(sub, "coldchain/v1/" + t + "/alerts")).isEqualTo(1);

        String alerts = "coldchain/v1/" + t + "/alerts";
        assertThat(publish5(
                        connect5("forger-" + t, gw),
                        alerts,
                        "{\"event\":\"forged-by-gateway\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(publish5(
                        connect5("forger2-" + t, otherListener),
                        alerts,
                        "{\"event\":\"forged-by-listener\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(NOT_AUTHORIZED);

        MqttAsyncClient genuine = backendClient();
        assertThat(publish5(genuine, alerts, "{\"event\":\"genuine\"}".getBytes(StandardCharsets.UTF_8)))
                .isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).containsExactly(alerts + " {\"event\":\"genuine\"}");
    }

    @Test
    void anAlertsCredentialNeverSeesAnotherTenantsAlerts() throws Exception {
        String a = tenant();
        String b = tenant();
        Login listener = TestCredentials.alerts(base, admin(a), a, "ops");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        MqttAsyncClient sub = connect5("ops-" + a, listener);
        sub.setCallback(new Received(received));
        for (String filter : List.of(
                "coldchain/v1/" + b + "/alerts",
                "coldchain/v1/+/alerts",
                "#",
                "coldchain/v1/#",
                "$share/x/coldchain/v1/" + b + "/alerts")) {
            assertThat(subscribe5(sub, filter)).as(filter).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(subscribe5(sub, "coldchain/v1/" + a + "/alerts")).isEqualTo(1);
        MqttAsyncClient backendSide = backendClient();
        publish5(backendSide, "coldchain/v1/" + b + "/alerts", "{\"for\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        publish5(backendSide, "coldchain/v1/" + a + "/alerts", "{\"for\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).containsExactly("coldchain/v1/" + a + "/alerts {\"for\":\"a\"}");
        // Publishing is refused too.
        assertThat(publish5(sub, "coldchain/v1/" + a + "/alerts", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(NOT_AUTHORIZED);
    }
}
