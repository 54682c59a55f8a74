package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * The contract's promise "a crash at any point loses nothing": the backend process is killed with
 * SIGKILL in the middle of a stream of QoS 1 messages, the gateway keeps publishing while it is
 * down, and a new process on the same data and MQTT session stores every reading exactly once.
 * Then SIGTERM: the process drains and exits 0.
 */
class AbruptRestartIT {

    @Test
    void sigkill_mid_stream_loses_nothing_and_duplicates_nothing() throws Exception {
        TestDatabase db = TestDatabase.get();
        String jdbc = db.newDatabase("restart");
        String broker = TestBroker.url();
        Path dataDir = Files.createTempDirectory("coldchain-restart");
        Map<String, String> env = new HashMap<>();
        env.put("COLDCHAIN_DB_URL", jdbc);
        env.put("COLDCHAIN_DB_USER", db.user());
        env.put("COLDCHAIN_DB_PASSWORD", db.password());
        env.put("COLDCHAIN_MQTT_URL", broker);
        env.put(
                "COLDCHAIN_MQTT_CLIENT_ID",
                "restart-" + UUID.randomUUID().toString().substring(0, 8));
        env.put(
                "COLDCHAIN_MQTT_SHARE_GROUP",
                "restart" + UUID.randomUUID().toString().substring(0, 8));
        env.put("COLDCHAIN_DATA_DIR", dataDir.toString());
        Path log = dataDir.resolve("backend.log");

        String tenant = "restart";
        int messages = 2000;
        int perMessage = 20;
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

        BackendProcess first = BackendProcess.start(env, TestBroker.freePort(), log);
        Duration ready = first.awaitHealthy(Duration.ofSeconds(60));
        System.out.println("backend healthy after " + ready.toMillis() + " ms");

        MqttClient gw = new MqttClient(broker, "gw-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        gw.connect(o);
        String topic = "coldchain/v1/" + tenant + "/truck-1/readings";
        BackendProcess second = null;
        try {
            for (int m = 0; m < messages; m++) {
                if (m == messages / 3) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> count(jdbc, db, "SELECT count(*) FROM readings") > 0);
                    first.kill();
                }
                if (m == 2 * messages / 3) {
                    second = BackendProcess.start(env, TestBroker.freePort(), log);
                }
                StringBuilder sb = new StringBuilder("{\"gateway\":\"truck-1\",\"seq\":")
                        .append(m)
                        .append(",\"readings\":[");
                for (int i = 0; i < perMessage; i++) {
                    sb.append(i == 0 ? "" : ",")
                            .append("{\"sensor\":\"p")
                            .append(i)
                            .append("\",\"ts\":")
                            .append(t0.toEpochMilli() + m * 1000L)
                            .append(",\"temp_c\":")
                            .append(3 + (m % 30) / 10.0)
                            .append('}');
                }
                MqttMessage msg = new MqttMessage(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                msg.setQos(1);
                gw.publish(topic, msg);
            }
            second.awaitHealthy(Duration.ofSeconds(60));
            long expected = (long) messages * perMessage;
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(count(jdbc, db, "SELECT count(*) FROM readings"))
                            .isEqualTo(expected));
            assertThat(count(jdbc, db, "SELECT count(*) FROM (SELECT DISTINCT tenant, sensor, ts FROM reading_log) x"))
                    .isEqualTo(expected);
            assertThat(count(jdbc, db, "SELECT count(*) FROM rejected_messages"))
                    .isZero();
            assertThat(count(jdbc, db, "SELECT count(*) FROM reading_conflicts"))
                    .isZero();
            // 143 = 128 + SIGTERM: the JVM's normal status after an orderly, signal-initiated shutdown.
            assertThat(second.terminate(Duration.ofSeconds(60)))
                    .as("SIGTERM drains and exits cleanly")
                    .isIn(0, 143);
            assertThat(Files.readString(log)).contains("Coldchain stopped");
        } finally {
            gw.disconnect();
            gw.close();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static long count(String jdbc, TestDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
