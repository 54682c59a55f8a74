package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.core.config.ConfigLoader;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.ingest.mqtt.MosquittoDynamicSecurity;
import io.coldchain.testkit.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9.3 against a real Mosquitto with the dynamic-security plugin loaded, anonymous access off:
 * the backend, as the plugin's admin, creates the clients and roles of the credentials it issues
 * (contract §5), and the broker enforces them.
 */
class MosquittoDynamicSecurityTest {
    private static final String ADMIN = "dynsec-admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String BACKEND = "coldchain-backend";
    private static final String BACKEND_PASSWORD = "backend-" + UUID.randomUUID();
    private static MosquittoBroker broker;
    private static MosquittoDynamicSecurity dynsec;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                MosquittoBroker.available() && MosquittoBroker.dynsecPlugin().isPresent(),
                MosquittoBroker.MISSING + " (or mosquitto_dynamic_security.so missing)");
        broker = MosquittoBroker.startWithDynamicSecurity(ADMIN, ADMIN_PASSWORD);
        MqttOptions options = ConfigLoader.of(Map.of(
                        "mqtt.url",
                        broker.url(),
                        "mqtt.client.id",
                        "dynsec-it",
                        "mqtt.username",
                        BACKEND,
                        "mqtt.password",
                        BACKEND_PASSWORD,
                        "mqtt.dynsec.username",
                        ADMIN,
                        "mqtt.dynsec.password",
                        ADMIN_PASSWORD))
                .mqtt();
        dynsec = new MosquittoDynamicSecurity(options).start();
        // A restarted backend finds its client and role in place: starting again changes nothing and fails nothing.
        // (another client id: as a second instance would have; the same id would take over the first's connection)
        MqttOptions again = ConfigLoader.of(Map.of(
                        "mqtt.url",
                        broker.url(),
                        "mqtt.client.id",
                        "dynsec-it-2",
                        "mqtt.username",
                        BACKEND,
                        "mqtt.password",
                        BACKEND_PASSWORD,
                        "mqtt.dynsec.username",
                        ADMIN,
                        "mqtt.dynsec.password",
                        ADMIN_PASSWORD))
                .mqtt();
        new MosquittoDynamicSecurity(again).start().close();
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynsec != null) {
            dynsec.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttClient client(String user, String password) throws MqttException {
        MqttClient c = new MqttClient(
                broker.url(), "t-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        c.setTimeToWait(5_000);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        c.connect(o);
        return c;
    }

    private static int v3Connect(String user, String password) {
        try {
            var c = new org.eclipse.paho.client.mqttv3.MqttClient(
                    broker.url(),
                    "t3-" + UUID.randomUUID().toString().substring(0, 8),
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password.toCharArray());
            }
            c.connect(o);
            c.disconnect();
            c.close();
            return 0;
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            return e.getReasonCode();
        }
    }

    private static int v5Connect(String user, String password) {
        try {
            MqttClient c = client(user, password);
            c.disconnect();
            c.close();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** The backend's own client, created by the manager at start, on the plain readings filter. */
    private static MqttClient backendSubscriber(List<String> received) throws MqttException {
        MqttClient c = client(BACKEND, BACKEND_PASSWORD);
        c.setCallback(new Recorder() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic);
            }
        });
        IMqttToken t = c.subscribe(new MqttSubscription[] {new MqttSubscription("coldchain/v1/+/+/readings", 1)});
        assertThat(t.getReasonCodes()).containsExactly(1);
        return c;
    }

    /**
     * What a test client sees: topics of arriving messages and the reason code of each PUBACK (Paho's
     * blocking publish does not report a refusal; 1.2.5's listener overloads of subscribe are broken).
     */
    private static class Recorder implements org.eclipse.paho.mqttv5.client.MqttCallback {
        final List<String> topics = new CopyOnWriteArrayList<>();
        final java.util.concurrent.BlockingQueue<Integer> pubacks = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            topics.add(topic);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            pubacks.add(codes == null || codes.length == 0 ? 0 : codes[0]);
        }

        @Override
        public void connectComplete(boolean reconnect, String uri) {}

        @Override
        public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
    }

    private static final Map<MqttClient, Recorder> RECORDERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Recorder recorder(MqttClient c) {
        return RECORDERS.computeIfAbsent(c, k -> {
            Recorder r = new Recorder();
            k.setCallback(r);
            return r;
        });
    }

    /**
     * Publishes at QoS 1 on a connection of its own (Paho 1.2.5 drops the connection after a refused
     * PUBACK); returns the PUBACK's reason code (0x87 not authorized; below 0x80 accepted, e.g. 0x10
     * no matching subscribers).
     */
    private static int publishAs(String user, String password, String topic) throws Exception {
        MqttClient c = client(user, password);
        try {
            return publish(c, topic);
        } finally {
            RECORDERS.remove(c);
            drop(c);
        }
    }

    /** Subscribes on a connection of its own; returns the SUBACK's reason code (>= 0x80 refused). */
    private static int subscribeAs(String user, String password, String filter) throws Exception {
        MqttClient c = client(user, password);
        try {
            return c.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)})
                    .getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            drop(c);
        }
    }

    private static void drop(MqttClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000);
            }
            c.close(true);
        } catch (MqttException ignored) {
            // a test client going away; nothing to assert here
        }
    }

    /** Publishes at QoS 1; returns the PUBACK's reason code (0x87: not authorized). */
    private static int publish(MqttClient c, String topic) throws InterruptedException {
        Recorder r = recorder(c);
        try {
            MqttMessage m = new MqttMessage("{\"readings\":[]}".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            c.publish(topic, m);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        Integer code = r.pubacks.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(code).as("PUBACK for " + topic).isNotNull();
        return code;
    }

    @Test
    void anonymousAndWrongPasswordsAreRefusedOnMqtt5And311() {
        dynsec.issued(new MqttIdentity("acme", "truck-9", MqttIdentity.Kind.GATEWAY), "right-password".toCharArray());
        // MQTT 5: 0x87 not authorized / 0x86 bad user name or password; 3.1.1: return codes 5 / 4.
        assertThat(v5Connect(null, null)).isIn(0x86, 0x87);
        assertThat(v5Connect("acme/truck-9", "wrong-password")).isIn(0x86, 0x87);
        assertThat(v5Connect("acme/nobody", "right-password")).isIn(0x86, 0x87);
        assertThat(v3Connect(null, null)).isIn(4, 5);
        assertThat(v3Connect("acme/truck-9", "wrong-password")).isIn(4, 5);
        assertThat(v5Connect("acme/truck-9", "right-password")).isZero();
        assertThat(v3Connect("acme/truck-9", "right-password")).isZero();
    }

    @Test
    void aGatewayPublishesOnlyItsOwnTopicsAndSubscribesToNothing() throws Exception {
        dynsec.issued(new MqttIdentity("acme", "truck-1", MqttIdentity.Kind.GATEWAY), "gw1-secret".toCharArray());
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient backend = backendSubscriber(received);
        try {
            String u = "acme/truck-1";
            String p = "gw1-secret";
            assertThat(publishAs(u, p, "coldchain/v1/acme/truck-2/readings"))
                    .as("another gateway's topic")
                    .isEqualTo(0x87);
            assertThat(publishAs(u, p, "coldchain/v1/other/truck-1/readings"))
                    .as("another tenant's topic")
                    .isEqualTo(0x87);
            assertThat(publishAs(u, p, "coldchain/v1/acme/alerts"))
                    .as("the alert topic")
                    .isEqualTo(0x87);
            assertThat(publishAs(u, p, "coldchain/v1/acme/truck-1/status")).isLessThan(0x80);
            assertThat(publishAs(u, p, "coldchain/v1/acme/truck-1/readings")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("coldchain/v1/acme/truck-1/readings"));
            assertThat(received).containsExactly("coldchain/v1/acme/truck-1/readings");

            for (String filter : List.of(
                    "#",
                    "coldchain/v1/+/+/readings",
                    "$share/coldchain/coldchain/v1/+/+/readings",
                    "coldchain/v1/acme/alerts")) {
                assertThat(subscribeAs(u, p, filter)).as("SUBACK for " + filter).isGreaterThanOrEqualTo(0x80);
            }
        } finally {
            close(backend);
        }
    }

    @Test
    void anAlertsCredentialSeesOnlyItsTenantsAlertsAndPublishesNothing() throws Exception {
        dynsec.issued(new MqttIdentity("acme", "qa-screen", MqttIdentity.Kind.ALERTS), "alerts-secret".toCharArray());
        MqttClient alerts = client("acme/qa-screen", "alerts-secret");
        MqttClient backend = client(BACKEND, BACKEND_PASSWORD);
        try {
            recorder(alerts);
            IMqttToken own =
                    alerts.subscribe(new MqttSubscription[] {new MqttSubscription("coldchain/v1/acme/alerts", 1)});
            assertThat(own.getReasonCodes()).containsExactly(1);
            assertThat(subscribeAs("acme/qa-screen", "alerts-secret", "coldchain/v1/other/alerts"))
                    .isGreaterThanOrEqualTo(0x80);
            assertThat(publishAs("acme/qa-screen", "alerts-secret", "coldchain/v1/acme/alerts"))
                    .as("a forged alert")
                    .isEqualTo(0x87);
            assertThat(publish(backend, "coldchain/v1/other/alerts")).isLessThan(0x80);
            assertThat(publish(backend, "coldchain/v1/acme/alerts")).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !recorder(alerts).topics.isEmpty());
            assertThat(recorder(alerts).topics).containsExactly("coldchain/v1/acme/alerts");
        } finally {
            close(alerts);
            close(backend);
        }
    }

    @Test
    void aRevokedGatewayIsDisconnectedAndCannotReconnectAndARotatedOneUsesItsNewPassword() throws Exception {
        MqttIdentity id = new MqttIdentity("acme", "truck-7", MqttIdentity.Kind.GATEWAY);
        dynsec.issued(id, "first".toCharArray());
        dynsec.rotated(id, "second".toCharArray(), Instant.now());
        assertThat(v5Connect("acme/truck-7", "first")).isIn(0x86, 0x87);
        MqttClient gw = client("acme/truck-7", "second");
        assertThat(publish(gw, "coldchain/v1/acme/truck-7/readings")).isLessThan(0x80);

        dynsec.revoked(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !gw.isConnected());
        assertThat(v5Connect("acme/truck-7", "second")).isIn(0x86, 0x87);
        assertThat(v3Connect("acme/truck-7", "second")).isIn(4, 5);
        // Issuing the name again works (a new gateway of the same id).
        dynsec.issued(id, "third".toCharArray());
        assertThat(v5Connect("acme/truck-7", "third")).isZero();
        gw.close();
    }

    private static void close(MqttClient c) throws MqttException {
        if (c.isConnected()) {
            c.disconnect();
        }
        c.close();
    }
}
