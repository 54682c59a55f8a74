package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's in-process path end to end: JSON over MQTT 5, SenML over MQTT 3.1.1, a
 * refused message (stored, and acknowledged like any stored message), gateway status through the
 * broker; and readings are not passed on to other subscribers. Each publish returns only after
 * its PUBACK, which the broker sends only after the commit, so each count is checked at once.
 */
class EmbeddedIngestIT {
    private static Backend backend;
    private static String broker;

    @BeforeAll
    static void start() throws Exception {
        ColdchainConfig config = ConfigLoader.load(
                Map.of(
                        "data.dir",
                        Files.createTempDirectory("coldchain-embedded-ingest").toString(),
                        "db.embedded.durable",
                        "false",
                        "mqtt.port",
                        Integer.toString(TestBroker.freePort()),
                        "mqtt.bind",
                        "127.0.0.1",
                        "http.port",
                        "0",
                        "http.host",
                        "127.0.0.1"),
                Map.of(),
                Optional.empty());
        System.out.println(
                "EmbeddedIngestIT: embedded database NOT durable (db.embedded.durable=false, a throw-away test)");
        backend = new Backend(config).start();
        broker = config.mqtt().brokerUrl();
        admin = new TokenService(config.auth(), config.dataDir())
                .issue("inproc", "admin", Optional.empty(), Duration.ofHours(1));
    }

    private static String admin;

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void every_form_is_stored_before_its_puback_and_readings_go_no_further() throws Exception {
        String tenant = "inproc";
        long ts = Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .minus(Duration.ofHours(1))
                .toEpochMilli();
        String base = "http://127.0.0.1:" + backend.httpPort();
        TestCredentials.Login gw5 = TestCredentials.gateway(base, admin, tenant, "gw5");
        TestCredentials.Login gw3 = TestCredentials.gateway(base, admin, tenant, "gw3");
        // No watcher: on this broker only the backend may subscribe to gateway topics (contract §5), and
        // readings are acknowledged by the interceptor without being passed on (ReadingsInterceptor).
        MqttClient v5 = new MqttClient(broker, "gw5-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o5 = new MqttConnectionOptions();
        o5.setUserName(gw5.username());
        o5.setPassword(gw5.passwordBytes());
        v5.connect(o5);
        v5.publish(
                "coldchain/v1/" + tenant + "/gw5/readings",
                qos1("{\"readings\":[{\"sensor\":\"a\",\"ts\":" + ts + ",\"temp_c\":4.1}," + "{\"sensor\":\"b\",\"ts\":"
                        + ts + ",\"temp_c\":99}]}"));
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "' AND sensor = 'a'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM rejected_readings WHERE tenant = '" + tenant + "'"))
                .isEqualTo(1);
        v5.publish("coldchain/v1/" + tenant + "/gw5/readings", qos1("not json"));
        assertThat(count("SELECT count(*) FROM rejected_messages WHERE tenant = '" + tenant + "'"))
                .isEqualTo(1);

        var v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                broker, "gw3-" + UUID.randomUUID(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var o3 = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o3.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o3.setUserName(gw3.username());
        o3.setPassword(gw3.password().toCharArray());
        v3.connect(o3);
        var senml = new org.eclipse.paho.client.mqttv3.MqttMessage(
                ("[{\"bn\":\"c/\",\"bt\":" + ts / 1000 + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":3.5}]")
                        .getBytes(StandardCharsets.UTF_8));
        senml.setQos(1);
        v3.publish("coldchain/v1/" + tenant + "/gw3/senml", senml);
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "' AND sensor = 'c'"))
                .isEqualTo(1);

        MqttMessage online = qos1("{\"online\":true}");
        online.setRetained(true);
        v5.publish("coldchain/v1/" + tenant + "/gw5/status", online);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> count("SELECT count(*) FROM gateway_status WHERE tenant = '" + tenant
                                + "' AND gateway = 'gw5' AND online"),
                        n -> n == 1);

        v3.disconnect();
        v3.close();
        v5.disconnect();
        v5.close();
    }

    private static MqttMessage qos1(String payload) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = backend.pool().getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
