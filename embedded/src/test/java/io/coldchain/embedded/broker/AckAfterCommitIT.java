package io.coldchain.embedded.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.core.edge.InProcessIngest;
import io.coldchain.embedded.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker with a stand-in for ingest whose commits the test makes by hand (a real
 * HiveMQ and real MQTT 5 and 3.1.1 clients): one gateway connection gets many messages into ingest
 * before any is committed, and every PUBACK it receives is for a message already committed; a
 * failed commit disconnects the gateway without any PUBACK.
 */
class AckAfterCommitIT {
    private static final int MESSAGES = 40;
    private static final HandCommittedIngest ingest = new HandCommittedIngest();
    private static EmbeddedBroker broker;

    /** Ingest whose commits the test completes: one future per message, by payload. */
    static final class HandCommittedIngest implements InProcessIngest {
        final Map<String, CompletableFuture<Void>> commits = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> accept(String topic, byte[] payload, Instant receivedAt) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            commits.put(topic + " " + new String(payload, StandardCharsets.UTF_8), f);
            return f;
        }

        CompletableFuture<Void> commit(String topic, int message) {
            return commits.get(topic + " " + payload(message));
        }

        long received(String topic) {
            return commits.keySet().stream()
                    .filter(k -> k.startsWith(topic + " "))
                    .count();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = new EmbeddedBroker(
                        Files.createTempDirectory("coldchain-ack-after-commit"),
                        "127.0.0.1",
                        port,
                        Optional.empty(),
                        ingest,
                        Optional.empty())
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static String payload(int message) {
        return "{\"m\":" + message + "}";
    }

    @Test
    void mqtt5_many_messages_in_flight_each_puback_after_its_commit_none_after_a_failed_one() throws Exception {
        String topic = "coldchain/v1/acme/gw-5/readings";
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), "gw-5", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(15_000);
        Acks acks = new Acks(topic);
        for (int i = 0; i < MESSAGES; i++) {
            int message = i;
            c.publish(topic, payload(i).getBytes(StandardCharsets.UTF_8), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                    acks.acknowledged(message);
                }

                @Override
                public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {}
            });
        }
        acks.check(c::isConnected);
        c.close(true);
    }

    @Test
    void mqtt311_many_messages_in_flight_each_puback_after_its_commit_none_after_a_failed_one() throws Exception {
        String topic = "coldchain/v1/acme/gw-3/readings";
        org.eclipse.paho.client.mqttv3.MqttAsyncClient c = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                broker.url(), "gw-3", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(MESSAGES);
        c.connect(o).waitForCompletion(15_000);
        Acks acks = new Acks(topic);
        for (int i = 0; i < MESSAGES; i++) {
            int message = i;
            MqttMessage m = new MqttMessage(payload(i).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            c.publish(topic, m, null, new IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    acks.acknowledged(message);
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {}
            });
        }
        acks.check(c::isConnected);
        c.close(true);
    }

    /** What one gateway connection was acknowledged, checked against the commits as each PUBACK comes. */
    static final class Acks {
        final String topic;
        final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        Acks(String topic) {
            this.topic = topic;
        }

        void acknowledged(int message) {
            CompletableFuture<Void> commit = ingest.commit(topic, message);
            if (commit == null || !commit.isDone() || commit.isCompletedExceptionally()) {
                violations.add("PUBACK for message " + message + " before its commit");
            }
            acknowledged.add(message);
        }

        interface Connected {
            boolean get();
        }

        void check(Connected connected) {
            // Commit the oldest message only, ten times. Holding each PUBLISH until its commit (HiveMQ
            // runs one extension task per client at a time) let exactly one message of a connection
            // into ingest; holding the PUBACK instead lets in all that reached the broker meanwhile.
            int maxInFlight = 0;
            for (int committed = 0; committed < 10; committed++) {
                int next = committed;
                await().atMost(Duration.ofSeconds(20)).until(() -> ingest.received(topic) > next);
                assertThat(acknowledged)
                        .as("PUBACKs while message " + next + " is not committed")
                        .hasSize(next);
                maxInFlight = (int) Math.max(maxInFlight, ingest.received(topic) - committed);
                ingest.commit(topic, committed).complete(null);
                await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() == next + 1);
            }
            assertThat(maxInFlight)
                    .as("messages of one connection in ingest at once, none committed")
                    .isGreaterThanOrEqualTo(10);
            assertThat(acknowledged).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.received(topic) == MESSAGES);

            // Commits out of order: the PUBACKs leave in the order of the PUBLISHes, so while 10 is not
            // committed nothing after it is acknowledged on this connection either.
            BiConsumer<Integer, Integer> commitRange = (from, to) -> {
                for (int i = to - 1; i >= from; i--) {
                    ingest.commit(topic, i).complete(null);
                }
            };
            commitRange.accept(11, 20);

            ingest.commit(topic, 10).completeExceptionally(new IllegalStateException("database away"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !connected.get());
            commitRange.accept(20, MESSAGES);
            assertThat(violations).isEmpty();
            assertThat(acknowledged)
                    .as("nothing acknowledged from the failed commit on")
                    .hasSize(10);
        }
    }
}
