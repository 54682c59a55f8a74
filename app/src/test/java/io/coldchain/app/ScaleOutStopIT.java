package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.testkit.MosquittoBroker;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.4 on a real Mosquitto: two backend processes in one share group; one is stopped with
 * SIGTERM in the middle of an excursion while the gateway keeps publishing (one reading per
 * message, so the stream is split between the two). The stopped one leaves the group (another
 * instance still runs): it unsubscribes, commits what was queued for it and ends its session, so
 * the survivor takes everything after. The excursion is stored whole, alerted once per rule, and
 * no gap alert is ever opened (holes between the two instances' commits are within the settle time).
 */
class ScaleOutStopIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anInstanceStoppedMidExcursionHandsItsShareOverAndNothingIsLostOrAlertedTwice() throws Exception {
        Assumptions.assumeTrue(MosquittoBroker.available(), MosquittoBroker.MISSING);
        TestDatabase db = TestDatabase.get();
        String jdbc = db.newDatabase("scaleout");
        String secret = "scale-out-test-secret-" + UUID.randomUUID();
        String group = "scale" + UUID.randomUUID().toString().substring(0, 6);
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Path dir = Files.createTempDirectory("coldchain-scaleout");
            BackendProcess a = BackendProcess.start(
                    env(jdbc, db, broker, group, "inst-a", secret, dir.resolve("a")),
                    TestBroker.freePort(),
                    dir.resolve("a.log"));
            BackendProcess b = BackendProcess.start(
                    env(jdbc, db, broker, group, "inst-b", secret, dir.resolve("b")),
                    TestBroker.freePort(),
                    dir.resolve("b.log"));
            try {
                a.awaitHealthy(Duration.ofSeconds(120));
                b.awaitHealthy(Duration.ofSeconds(120));
                ColdchainConfig cfg = ConfigLoader.of(Map.of("auth.jwt.secret", secret, "data.dir", dir.toString()));
                String tenant = "scale";
                String admin = new TokenService(cfg.auth(), cfg.dataDir())
                        .issue(tenant, "admin", Optional.empty(), Duration.ofHours(1));
                String base = "http://127.0.0.1:" + b.httpPort + "/api/v1/tenants/" + tenant;
                put(
                        base + "/assets/truck-1",
                        admin,
                        "{\"name\":\"Truck 1\",\"kind\":\"truck\",\"profile\":\"dairy-chilled\"}");
                put(
                        base + "/sensors/truck-1-p1",
                        admin,
                        "{\"gateway\":\"truck-1\",\"asset\":\"truck-1\",\"expected_interval_s\":60}");

                // One reading a minute for 140 minutes of event time: 4 °C, then 9 °C from minute 60 to 99, then 4 °C.
                Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(4));
                MqttClient gw = new MqttClient(broker.url(), "gw-" + UUID.randomUUID(), new MemoryPersistence());
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setCleanStart(true);
                gw.connect(o);
                int minutes = 140;
                for (int m = 0; m < minutes; m++) {
                    if (m == 80) {
                        // Mid-excursion, with readings in flight on both instances.
                        assertThat(a.terminate(Duration.ofSeconds(60)))
                                .as("SIGTERM drains and exits cleanly")
                                .isIn(0, 143);
                    }
                    double temp = m >= 60 && m < 100 ? 9.0 : 4.0;
                    MqttMessage msg = new MqttMessage(("{\"readings\":[{\"sensor\":\"truck-1-p1\",\"ts\":"
                                    + t0.plus(Duration.ofMinutes(m)).toEpochMilli() + ",\"temp_c\":" + temp + "}]}")
                            .getBytes(StandardCharsets.UTF_8));
                    msg.setQos(1);
                    gw.publish("coldchain/v1/" + tenant + "/truck-1/readings", msg);
                    Thread.sleep(20);
                }
                String readings = "SELECT count(*) FROM reading_log WHERE tenant = 'scale' AND sensor = 'truck-1-p1'";
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(count(jdbc, db, readings)).isEqualTo(minutes));
                assertThat(Files.readString(dir.resolve("a.log")))
                        .contains("Left share group '" + group + "' as 'inst-a'");

                // Past the settle time, one more reading makes alerting judge every hole again.
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(
                                        count(
                                                jdbc,
                                                db,
                                                "SELECT count(*) FROM alerts WHERE kind <> 'gap' AND status NOT IN ('merged', 'retracted')"))
                                .isEqualTo(2));
                Thread.sleep(Duration.ofSeconds(11).toMillis()); // alert.gap.settle is 10 s here
                MqttMessage last = new MqttMessage(("{\"readings\":[{\"sensor\":\"truck-1-p1\",\"ts\":"
                                + t0.plus(Duration.ofMinutes(minutes)).toEpochMilli() + ",\"temp_c\":4.0}]}")
                        .getBytes(StandardCharsets.UTF_8));
                last.setQos(1);
                gw.publish("coldchain/v1/" + tenant + "/truck-1/readings", last);
                gw.disconnect();
                gw.close();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> count(jdbc, db, readings) == minutes + 1
                                && count(jdbc, db, "SELECT count(*) FROM reading_changes") == 0
                                && count(jdbc, db, "SELECT count(*) FROM reading_change_sets") == 0);

                // Every alert ever stored, retracted and merged ones included: one per rule, nothing else.
                String from = pg(jdbc, db, t0.plus(Duration.ofMinutes(60)));
                String to = pg(jdbc, db, t0.plus(Duration.ofMinutes(100)));
                assertThat(
                                strings(
                                        jdbc,
                                        db,
                                        "SELECT kind || ':' || severity || ':' || status || ':' || started_at || '/' "
                                                + "|| coalesce(ended_at::text, 'not ended') FROM alerts ORDER BY kind, severity, id"))
                        .containsExactly(
                                "above:critical:open:" + from + "/" + to, "above:warning:open:" + from + "/" + to);
                assertThat(count(jdbc, db, "SELECT count(*) FROM alert_outbox WHERE event = 'opened'"))
                        .isEqualTo(2);
                assertThat(count(jdbc, db, "SELECT count(*) FROM alert_outbox WHERE event IN ('retracted', 'merged')"))
                        .isZero();
                assertThat(b.terminate(Duration.ofSeconds(60))).isIn(0, 143);
                assertThat(Files.readString(dir.resolve("b.log")))
                        .contains("Last running instance of share group '" + group + "'");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static Map<String, String> env(
            String jdbc,
            TestDatabase db,
            MosquittoBroker broker,
            String group,
            String clientId,
            String secret,
            Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("COLDCHAIN_DB_URL", jdbc);
        env.put("COLDCHAIN_DB_USER", db.user());
        env.put("COLDCHAIN_DB_PASSWORD", db.password());
        env.put("COLDCHAIN_MQTT_URL", broker.url());
        env.put("COLDCHAIN_MQTT_CLIENT_ID", clientId);
        env.put("COLDCHAIN_MQTT_SHARE_GROUP", group);
        env.put("COLDCHAIN_AUTH_JWT_SECRET", secret);
        env.put("COLDCHAIN_DATA_DIR", dataDir.toString());
        env.put("COLDCHAIN_ALERT_GAP_SETTLE", "10s");
        return env;
    }

    private static void put(String url, String token, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isBetween(200, 201);
    }

    private static long count(String jdbc, TestDatabase db, String sql) throws Exception {
        return Long.parseLong(strings(jdbc, db, sql).get(0));
    }

    private static String pg(String jdbc, TestDatabase db, Instant t) throws Exception {
        return strings(jdbc, db, "SELECT '" + t + "'::timestamptz::text").get(0);
    }

    private static List<String> strings(String jdbc, TestDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
