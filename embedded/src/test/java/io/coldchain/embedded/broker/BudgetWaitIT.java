package io.coldchain.embedded.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.embedded.EmbeddedBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message that finds no room in flight within the budget wait (here: a one-byte budget, one
 * second) disconnects its gateway, and is never handed to ingest afterwards, not even when room is
 * made (a real HiveMQ, a real MQTT 5 client, an ingest whose commits the test makes by hand).
 */
class BudgetWaitIT {
    private static final AckAfterCommitIT.HandCommittedIngest ingest = new AckAfterCommitIT.HandCommittedIngest();
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = new EmbeddedBroker(
                        Files.createTempDirectory("coldchain-budget-wait"),
                        "127.0.0.1",
                        port,
                        Optional.empty(),
                        ingest,
                        Optional.empty(),
                        registry)
                .withHandOverLimits(new ReadingsInterceptor.Limits(1, Duration.ofSeconds(1)))
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_message_waiting_too_long_for_room_disconnects_the_gateway_and_is_never_handed_over() throws Exception {
        // Two gateways: a connection's next PUBLISH would wait behind its own held PUBACK anyway.
        String first = "coldchain/v1/acme/gw-a/readings";
        String topic = "coldchain/v1/acme/gw-b/readings";
        MqttAsyncClient a = connected("gw-a");
        MqttAsyncClient c = connected("gw-b");

        a.publish(first, payload(0), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.received(first) == 1);
        c.publish(topic, payload(1), 1, false); // the budget is full: this one waits for room

        await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
        assertThat(a.isConnected()).as("the gateway whose message is in ingest").isTrue();
        assertThat(registry.get("coldchain.mqtt.embedded.budget.timeouts")
                        .counter()
                        .count())
                .isEqualTo(1);

        // Room is made (synchronously: the release hands any waiter over in this thread); the
        // timed-out message must not reach ingest now, nor take any of the budget.
        ingest.commit(first, 0).complete(null);
        assertThat(ingest.received(topic))
                .as("messages of the timed-out gateway handed to ingest")
                .isZero();
        assertThat(registry.get("coldchain.mqtt.embedded.inflight.bytes")
                        .gauge()
                        .value())
                .isZero();
        c.close(true);
        a.disconnect().waitForCompletion(5_000);
        a.close(true);
    }

    private static MqttAsyncClient connected(String clientId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(15_000);
        return c;
    }

    private static byte[] payload(int message) {
        return AckAfterCommitIT.payload(message).getBytes(StandardCharsets.UTF_8);
    }
}
