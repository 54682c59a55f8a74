package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestCredentials;
import io.coldchain.testkit.TestCredentials.Login;
import io.coldchain.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole backend on its embedded broker, which checks every login against the MQTT credentials
 * issued through the HTTP API and every publish and subscription against the credential's topics
 * (contract §5); with real MQTT 5 and 3.1.1 clients (Paho) and helpers for the edge's tests. Each
 * test class that extends it runs in a JVM of its own (see app/pom.xml): one HiveMQ per JVM.
 */
abstract class EmbeddedEdgeHarness {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int NOT_AUTHORIZED = 0x87;
    static final int BAD_USER_OR_PASSWORD = 0x86;
    static Backend backend;
    static TokenService tokens;
    static String base;
    static String url;
    static String jdbc;
    static TestDatabase db;
    final List<ThrowingRunnable> open = new ArrayList<>();

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        jdbc = db.newDatabase("mqttedge");
        Map<String, String> flags = new HashMap<>();
        flags.put("db.url", jdbc);
        flags.put("db.user", db.user());
        flags.put("db.password", db.password());
        flags.put("mqtt.port", Integer.toString(TestBroker.freePort()));
        flags.put("mqtt.bind", "127.0.0.1");
        flags.put("mqtt.client.id", "edge-" + UUID.randomUUID().toString().substring(0, 8));
        flags.put("http.port", "0");
        flags.put("data.dir", Files.createTempDirectory("coldchain-mqtt-edge").toString());
        ColdchainConfig config = ConfigLoader.load(flags, Map.of(), Optional.empty());
        tokens = new TokenService(config.auth(), config.dataDir());
        backend = startDelivering(config);
    }

    /**
     * Starts the backend and checks that a probe reading is stored: embedded HiveMQ CE can leave a
     * fresh shared subscriber idle (its issue 558, see docs/design.md); if so, the backend is started
     * again on the same database, as {@code ScenarioAlertsIT} does.
     */
    static Backend startDelivering(ColdchainConfig config) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Backend b = new Backend(config).start();
            base = "http://127.0.0.1:" + b.httpPort();
            url = b.mqtt().brokerUrl();
            String tenant = "probe" + attempt;
            Login probe = TestCredentials.gateway(base, admin(tenant), tenant, "gw");
            MqttAsyncClient c = open5("probe-" + attempt, probe);
            publish5(c, "coldchain/v1/" + tenant + "/gw/readings", readings("probe-sensor", 1, 0));
            c.disconnect().waitForCompletion(5000);
            c.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline && stored(tenant) < 1) {
                Thread.sleep(200);
            }
            if (stored(tenant) >= 1 || attempt == 3) {
                return b;
            }
            b.close();
        }
    }

    @AfterEach
    void closeClients() {
        Collections.reverse(open);
        for (ThrowingRunnable c : open) {
            try {
                c.run();
            } catch (Exception e) {
                // already gone
            }
        }
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    static final AtomicInteger tenants = new AtomicInteger();

    static String tenant() {
        return "edge" + tenants.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    static String admin(String tenant) {
        return tokens.issue(tenant, "admin", Optional.empty(), Duration.ofHours(1));
    }

    static byte[] readings(String sensor, int n, int message) {
        StringBuilder b = new StringBuilder("{\"readings\":[");
        Instant t0 = Instant.now().minus(Duration.ofHours(1)).plusSeconds(message * 60L);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"sensor\":\"")
                    .append(sensor)
                    .append("\",\"ts\":\"")
                    .append(t0.plusSeconds(i))
                    .append("\",\"temp_c\":4.0}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    MqttAsyncClient backendClient() throws Exception {
        Login login = new Login(
                backend.mqtt().username().orElseThrow(),
                backend.mqtt().password().orElseThrow());
        return connect5(backend.mqtt().clientId() + "-itest", login);
    }

    /** Connects over MQTT 5; closed after the test. */
    MqttAsyncClient connect5(String clientId, Login login) throws MqttException {
        MqttAsyncClient c = open5(clientId, login);
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        });
        return c;
    }

    static MqttAsyncClient open5(String clientId, Login login) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (login != null) {
            o.setUserName(login.username());
            o.setPassword(login.passwordBytes());
        }
        try {
            c.connect(o).waitForCompletion(15_000);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    int refusal5(Login login) {
        MqttException e = catchThrowableOfType(MqttException.class, () -> open5("refused-" + UUID.randomUUID(), login));
        assertThat(e).as("the connect was refused").isNotNull();
        return e.getReasonCode();
    }

    org.eclipse.paho.client.mqttv3.MqttClient connect3(String clientId, Login login) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(
                url, clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        if (login != null) {
            o.setUserName(login.username());
            o.setPassword(login.password().toCharArray());
        }
        c.connect(o);
        open.add(() -> {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 1000);
                }
                c.close();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                // already gone
            }
        });
        return c;
    }

    int refusal3(Login login) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttException e = catchThrowableOfType(
                org.eclipse.paho.client.mqttv3.MqttException.class,
                () -> connect3("refused3-" + UUID.randomUUID(), login));
        assertThat(e).as("the connect was refused").isNotNull();
        return e.getReasonCode();
    }

    /** A QoS 1 publish: its PUBACK reason code (0 accepted, 0x87 not authorized). */
    static int publish5(MqttAsyncClient c, String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        try {
            IMqttToken token = c.publish(topic, m);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() < 0x100) {
                return e.getReasonCode();
            }
            throw e;
        }
    }

    /** A subscription at QoS 1: its SUBACK reason code (1 granted, 0x87 not authorized). */
    static int subscribe5(MqttAsyncClient c, String filter) throws MqttException {
        try {
            IMqttToken token = c.subscribe(new MqttSubscription(filter, 1));
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() < 0x100) {
                return e.getReasonCode();
            }
            throw e;
        }
    }

    static long stored(String tenant) throws Exception {
        return count("SELECT count(*) FROM reading_log WHERE tenant = ?", tenant);
    }

    static long count(String sql, String tenant) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static double refusals(String reason) {
        return backend.registry()
                .find("coldchain.mqtt.auth.refusals")
                .tag("reason", reason)
                .counter()
                .count();
    }

    static boolean healthUp() throws Exception {
        return http("GET", "/health", null, null).statusCode() == 200;
    }

    static HttpResponse<String> http(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Collects "topic payload" of every message that arrives. */
    record Received(List<String> into) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(
                int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
    }
}
