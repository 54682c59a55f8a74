package io.coldchain.testkit;

import io.coldchain.embedded.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real MQTT broker for integration tests, chosen once per JVM: {@code COLDCHAIN_TEST_MQTT_URL}
 * when set; else a HiveMQ CE container when Docker answers; else the embedded HiveMQ CE on a free
 * port. Tests isolate themselves by tenant id, not by broker.
 */
public final class TestBroker {
    private static String url;

    private TestBroker() {}

    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    private static String start() {
        String external = System.getenv("COLDCHAIN_TEST_MQTT_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (TestDatabase.Docker.available()) {
            HiveMQContainer c = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));
            c.start();
            return "tcp://" + c.getHost() + ":" + c.getMqttPort();
        }
        try {
            EmbeddedBroker broker = new EmbeddedBroker(
                            Files.createTempDirectory("coldchain-test-mqtt"), "127.0.0.1", freePort())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            return broker.url();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
