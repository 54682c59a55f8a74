package io.coldchain.alerting.notify;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** A real migrated PostgreSQL database of its own, the test broker, and helpers the notification tests share. */
final class NotifyHarness implements AutoCloseable {
    final HikariDataSource pool;
    final OutboxStore outbox = new OutboxStore();
    final NotificationTargetStore targets = new NotificationTargetStore();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Vertx> vertxes = new java.util.ArrayList<>();
    private final List<MqttClient> subscribers = new java.util.ArrayList<>();

    NotifyHarness(String prefix) {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase(prefix), db.user(), db.password(), 4, prefix + "-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    static MqttOptions mqtt() {
        return new MqttOptions(
                Optional.of(TestBroker.url()),
                1883,
                "127.0.0.1",
                Optional.empty(),
                Optional.empty(),
                "notify-test-" + UUID.randomUUID().toString().substring(0, 8),
                "coldchain",
                100,
                1,
                Duration.ofMinutes(1));
    }

    /**
     * Fast retries so that a test sees several attempts in a second or two. Webhooks to private
     * addresses are allowed explicitly: the tests' receiver listens on 127.0.0.1.
     */
    static NotifyOptions options(Optional<String> smtpHost, int smtpPort, int attempts) {
        return new NotifyOptions(
                smtpHost,
                smtpPort,
                Optional.empty(),
                Optional.empty(),
                "alerts@coldchain.test",
                false,
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                attempts,
                true);
    }

    static NotificationVerticle.Timing fastTiming() {
        return new NotificationVerticle.Timing(Duration.ofMillis(200), Duration.ofSeconds(30), 16);
    }

    Vertx vertx() {
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        return v;
    }

    NotificationVerticle deploy(Vertx vertx, NotifyOptions options) throws Exception {
        NotificationVerticle v = new NotificationVerticle(pool, mqtt(), options, registry, fastTiming());
        await(vertx.deployVerticle(v));
        return v;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static AlertEvent event(String tenant, long alertId, String event, String severity, int level) {
        String key = tenant + ":" + alertId + ":" + event + ":" + level + ":"
                + UUID.randomUUID().toString().substring(0, 6);
        String payload = "{\"event\":\"" + event + "\",\"id\":" + alertId + ",\"tenant\":\"" + tenant
                + "\",\"severity\":\""
                + severity + "\",\"rule\":\"above 8.0 C at once\",\"sensor\":\"truck-017-p1\",\"asset\":\"truck-017\","
                + "\"batches\":[\"LOT-1\",\"LOT-2\"],\"peak_c\":9.4,\"idempotency_key\":\"" + key + "\"}";
        return new AlertEvent(tenant, alertId, event, severity, level, key, payload);
    }

    /** Appends in one transaction, as the alert store does; returns the outbox ids. */
    List<Long> append(AlertEvent... events) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            List<Long> ids = new java.util.ArrayList<>();
            for (AlertEvent e : events) {
                ids.add(outbox.append(c, e));
            }
            c.commit();
            return ids;
        }
    }

    void webhook(String tenant, String id, String url, String secret, String minSeverity, int level)
            throws SQLException {
        target(
                tenant,
                id,
                new NotificationTarget.Input(
                        Channel.WEBHOOK,
                        Optional.of(url),
                        Optional.empty(),
                        Optional.of(secret),
                        minSeverity,
                        level,
                        true));
    }

    void email(String tenant, String id, String address, String minSeverity, int level) throws SQLException {
        target(
                tenant,
                id,
                new NotificationTarget.Input(
                        Channel.EMAIL,
                        Optional.empty(),
                        Optional.of(address),
                        Optional.empty(),
                        minSeverity,
                        level,
                        true));
    }

    void target(String tenant, String id, NotificationTarget.Input in) throws SQLException {
        try (Connection c = pool.getConnection()) {
            targets.put(c, tenant, id, in);
        }
    }

    List<DeliveryRow> deliveries(String tenant, String status) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return outbox.deliveries(c, tenant, Optional.ofNullable(status), 1000);
        }
    }

    /** Moves every pending delivery's next attempt to now (a test that does not want to wait for a lease). */
    void dueNow() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE notification_deliveries SET next_attempt_at = now() WHERE status = 'pending'")) {
            ps.executeUpdate();
        }
    }

    /** A message received on an alert topic. */
    record Received(String topic, String payload, String idempotencyKey, int qos) {}

    /** A real MQTT 5 subscriber on {@code coldchain/v1/{tenant}/alerts}, QoS 1. */
    ConcurrentLinkedQueue<Received> subscribe(String tenant) throws Exception {
        ConcurrentLinkedQueue<Received> got = new ConcurrentLinkedQueue<>();
        MqttClient c = new MqttClient(TestBroker.url(), "alert-sub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        c.subscribe(
                new MqttSubscription[] {new MqttSubscription(Channel.alertTopic(tenant), 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                    (topic, m) -> {
                        String key = m.getProperties().getUserProperties().stream()
                                .filter(p -> p.getKey().equals(MqttAlertPublisher.IDEMPOTENCY_PROPERTY))
                                .map(UserProperty::getValue)
                                .findFirst()
                                .orElse(null);
                        got.add(new Received(
                                topic, new String(m.getPayload(), StandardCharsets.UTF_8), key, m.getQos()));
                    }
                });
        subscribers.add(c);
        return got;
    }

    @Override
    public void close() throws Exception {
        for (MqttClient c : subscribers) {
            try {
                c.disconnect();
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        for (Vertx v : vertxes) {
            await(v.close());
        }
        pool.close();
    }
}
