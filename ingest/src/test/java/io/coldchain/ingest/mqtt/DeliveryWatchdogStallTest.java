package io.coldchain.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * The delivery watchdog against a real broker: while delivery works, probes keep it quiet; when the
 * broker stops delivering on a connection that stays up (staged by dropping the shared
 * subscriptions), the consumer reconnects, subscribes again and the waiting readings are stored.
 */
class DeliveryWatchdogStallTest {

    @Test
    void a_consumer_the_broker_stopped_delivering_to_reconnects_and_catches_up() throws Exception {
        TestDatabase db = TestDatabase.get();
        String jdbc = db.newDatabase("watchdog");
        String broker = TestBroker.url();
        String tenant = "wd" + UUID.randomUUID().toString().substring(0, 6);
        IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());
        MqttOptions options = ConfigLoader.of(Map.of(
                        "mqtt.url",
                        broker,
                        "mqtt.client.id",
                        "wd-" + UUID.randomUUID().toString().substring(0, 8),
                        "mqtt.share.group",
                        "wd" + UUID.randomUUID().toString().substring(0, 8),
                        "mqtt.session.expiry",
                        "10m"))
                .mqtt();
        Vertx vertx = Vertx.vertx();
        try (HikariDataSource pool = Database.pool(jdbc, db.user(), db.password(), 4, "wd")) {
            Database.migrate(pool, StorageOptions.defaults());
            ReadingWriterVerticle.registerCodec(vertx);
            get(vertx.deployVerticle(new ReadingWriterVerticle(
                    new BatchWriter(pool),
                    new IngestOptions(500, Duration.ofMillis(10), 2, Duration.ofSeconds(1)),
                    metrics)));
            MqttIngestVerticle consumer = new MqttIngestVerticle(options, 0, metrics, Clock.systemUTC())
                    .watchdogInterval(Duration.ofSeconds(1));
            get(vertx.deployVerticle(consumer));

            // Healthy: probes arrive. The threshold (MISSED intervals) passes several times over, and the
            // consumer must not reconnect: a negative that needs the time to pass.
            await().pollDelay(Duration.ofSeconds(DeliveryWatchdog.MISSED + 3))
                    .atMost(Duration.ofSeconds(30))
                    .until(consumer::connected);
            assertThat(metrics.count("coldchain.mqtt.watchdog.reconnects"))
                    .as("reconnects while delivering")
                    .isZero();

            get(consumer.dropSharedSubscriptionsForTest());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metrics.count("coldchain.mqtt.watchdog.reconnects") >= 1);
            // Subscribed again on the new connection once a probe arrives through the shared subscription
            // (a share group without members keeps nothing, so readings are published only then).
            long reconnected = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.lastSharedArrivalNanos() > reconnected);
            MqttClient gw = new MqttClient(broker, "gw-" + UUID.randomUUID(), new MemoryPersistence());
            gw.connect();
            for (int m = 0; m < 5; m++) {
                MqttMessage msg = new MqttMessage(("{\"readings\":[{\"sensor\":\"s" + m + "\",\"ts\":"
                                + (System.currentTimeMillis() - 60_000 - m) + ",\"temp_c\":4}]}")
                        .getBytes(StandardCharsets.UTF_8));
                msg.setQos(1);
                gw.publish("coldchain/v1/" + tenant + "/gw/readings", msg);
            }
            gw.disconnect();
            gw.close();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count(pool, "SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "'") == 5);
            assertThat(metrics.count("coldchain.mqtt.watchdog.reconnects"))
                    .as("one stall, one reconnect")
                    .isEqualTo(1);
        } finally {
            get(vertx.close());
        }
    }

    private static long count(HikariDataSource pool, String sql) throws Exception {
        try (Connection c = pool.getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
