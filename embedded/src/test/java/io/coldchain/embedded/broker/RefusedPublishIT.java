package io.coldchain.embedded.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.embedded.EmbeddedBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refused publish (contract §5) on a connection whose earlier readings wait for their commits:
 * the MQTT 5 gateway gets PUBACK 0x87 and only then is disconnected, however long the commits take
 * (a real HiveMQ with the broker's security, an ingest whose commits the test makes by hand, and
 * a credential store stand-in that knows one gateway).
 */
class RefusedPublishIT {
    private static final String PASSWORD = "gw-5-password";
    private static final int HELD = 5;
    private static final AckAfterCommitIT.HandCommittedIngest ingest = new AckAfterCommitIT.HandCommittedIngest();
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MqttCredentialVerifier oneGateway = (username, password) ->
                username.equals("acme/gw-5") && new String(password, StandardCharsets.UTF_8).equals(PASSWORD)
                        ? Optional.of(new MqttCredentialVerifier.Verified(
                                new MqttIdentity("acme", "gw-5", MqttIdentity.Kind.GATEWAY), Optional.empty()))
                        : Optional.empty();
        BrokerSecurity security =
                new BrokerSecurity(oneGateway, BackendLogin.generate("coldchain-test-backend"), registry);
        broker = new EmbeddedBroker(
                        Files.createTempDirectory("coldchain-refused-publish"),
                        "127.0.0.1",
                        port,
                        Optional.empty(),
                        ingest,
                        Optional.of(security),
                        registry)
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mqtt5_refused_publish_behind_held_pubacks_gets_0x87_then_the_disconnect() throws Exception {
        String own = "coldchain/v1/acme/gw-5/readings";
        List<String> events = new CopyOnWriteArrayList<>();
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), "gw-5", new MemoryPersistence());
        c.setCallback(new Events(events));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setUserName("acme/gw-5");
        o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(15_000);

        for (int i = 0; i < HELD; i++) {
            c.publish(own, payload(i), 1, false, null, new Recorder(events, "puback " + i));
        }
        c.publish("coldchain/v1/other/gw-9/readings", payload(99), 1, false, null, new Recorder(events, "forbidden"));

        // Commit all but the last as they reach ingest (some may wait in HiveMQ behind a held PUBACK),
        // until the forbidden publish has been refused: its PUBACK 0x87 now waits behind the last
        // held PUBACK, and so must the disconnect, however long that commit takes.
        for (int i = 0; i < HELD - 1; i++) {
            int next = i;
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.received(own) > next);
            ingest.commit(own, i).complete(null);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> refusals() == 1);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> c.isConnected() && !events.contains("forbidden 0x87"));
        ingest.commit(own, HELD - 1).complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("disconnected"));
        assertThat(events)
                .containsExactly(
                        "puback 0 ok",
                        "puback 1 ok",
                        "puback 2 ok",
                        "puback 3 ok",
                        "puback 4 ok",
                        "forbidden 0x87",
                        "disconnected");
        assertThat(ingest.received("coldchain/v1/other/gw-9/readings"))
                .as("a forged reading is never stored")
                .isZero();
        c.close(true);
    }

    private static double refusals() {
        return registry.find("coldchain.mqtt.auth.refusals").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private static byte[] payload(int message) {
        return AckAfterCommitIT.payload(message).getBytes(StandardCharsets.UTF_8);
    }

    /** A PUBACK's outcome: "ok" or its reason code (Paho fails the token of a negative PUBACK). */
    private record Recorder(List<String> events, String name) implements MqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            events.add(name + (codes == null || codes.length == 0 || codes[0] < 0x80 ? " ok" : code(codes[0])));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            events.add(name + (e instanceof MqttException m ? code(m.getReasonCode()) : " failed: " + e));
        }

        private static String code(int reason) {
            return String.format(" 0x%02x", reason);
        }
    }

    private record Events(List<String> events) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            events.add("disconnected");
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
