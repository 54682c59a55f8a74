package io.coldchain.ingest.it;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.ingest.mqtt.MqttIngestVerticle;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The ingest half of the backend against a real PostgreSQL and a real broker: a fresh database,
 * the writer and MQTT verticles in their own Vert.x, a share group and client id of their own so
 * that tests on the same broker never see each other's messages.
 */
final class IngestHarness implements AutoCloseable {
    final String jdbcUrl;
    final HikariDataSource pool;
    final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());
    final String brokerUrl;
    final String clientId = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final String shareGroup;
    private Vertx vertx;
    private MqttIngestVerticle mqtt;
    private String mqttDeployment;

    IngestHarness() {
        this(TestBroker.url(), "g" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** On a broker of the test's own (e.g. a fresh embedded one per round), in a share group of its own. */
    IngestHarness(String brokerUrl) {
        this(brokerUrl, "g" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** @param shareGroup empty for a plain (non-shared) subscription */
    IngestHarness(String brokerUrl, String shareGroup) {
        this.brokerUrl = brokerUrl;
        this.shareGroup = shareGroup;
        TestDatabase db = TestDatabase.get();
        jdbcUrl = db.newDatabase("ingest");
        pool = Database.pool(jdbcUrl, db.user(), db.password(), 4, "test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    MqttOptions mqttOptions() {
        return ConfigLoader.of(Map.of(
                        "mqtt.url",
                        brokerUrl,
                        "mqtt.client.id",
                        clientId,
                        "mqtt.share.group",
                        shareGroup,
                        "mqtt.session.expiry",
                        "10m",
                        "mqtt.receive.maximum",
                        "200"))
                .mqtt();
    }

    MqttIngestVerticle consumer() {
        return mqtt;
    }

    IngestHarness start() {
        return start(new IngestOptions(500, Duration.ofMillis(10), 2, Duration.ofSeconds(1)));
    }

    IngestHarness start(IngestOptions ingest) {
        vertx = Vertx.vertx();
        ReadingWriterVerticle.registerCodec(vertx);
        await(vertx.deployVerticle(new ReadingWriterVerticle(new BatchWriter(pool), ingest, metrics)));
        deployConsumer();
        return this;
    }

    private void deployConsumer() {
        mqtt = new MqttIngestVerticle(mqttOptions(), 0, metrics, Clock.systemUTC());
        mqttDeployment = await(vertx.deployVerticle(mqtt));
    }

    /** Orderly stop: drains and disconnects, keeping the session. */
    void stop() {
        if (vertx != null) {
            // The consumer first: it drains the writer before disconnecting (as the launcher does).
            await(vertx.undeploy(mqttDeployment));
            await(vertx.close());
            vertx = null;
        }
    }

    long count(String sql) {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        pool.close();
        endSession();
    }

    /**
     * Ends this harness's persistent MQTT session for good, so that the broker stops queueing every
     * later test's messages for a subscriber that will never return.
     */
    private void endSession() {
        try {
            var c = new org.eclipse.paho.mqttv5.client.MqttClient(
                    brokerUrl, clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            c.connect(o);
            c.disconnect();
            c.close();
        } catch (Exception e) {
            System.err.println("could not end the test session " + clientId + ": " + e.getMessage());
        }
    }

    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name));
    }
}
