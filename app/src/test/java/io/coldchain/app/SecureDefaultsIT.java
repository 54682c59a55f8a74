package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.core.config.ConfigLoader;
import io.coldchain.core.config.TlsListener;
import io.coldchain.embedded.EmbeddedBroker;
import io.coldchain.testkit.LocalAddresses;
import io.coldchain.testkit.SelfSignedPem;
import io.coldchain.testkit.TestBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure defaults, against the real servers: a backend started on the default listen addresses is
 * not reachable on this machine's network address, only on loopback; the embedded broker's MQTT
 * over TLS listener accepts a Paho client that trusts the test's self-signed certificate, carries
 * its publish, and refuses a client that does not trust it.
 */
class SecureDefaultsIT {

    /** Whether a TCP connection to address:port is accepted. */
    private static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 3000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            // A timeout: nothing answered there either.
            return false;
        }
    }

    @Test
    void plain_mqtt_and_http_listen_on_loopback_only_by_default(@TempDir Path dir) throws Exception {
        Optional<InetAddress> outside = LocalAddresses.nonLoopback();
        assumeTrue(outside.isPresent(), "this machine has no non-loopback address to try the listeners on");
        int mqttPort = TestBroker.freePort();
        try (Backend backend = new Backend(ConfigLoader.of(Map.of(
                        "data.dir",
                        dir.resolve("data").toString(),
                        "mqtt.port",
                        Integer.toString(mqttPort),
                        "http.port",
                        "0")))
                .start()) {
            int httpPort = backend.httpPort();
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            // Control: both listen, on loopback.
            assertThat(accepts(loopback, mqttPort)).as("MQTT on 127.0.0.1").isTrue();
            assertThat(accepts(loopback, httpPort)).as("HTTP on 127.0.0.1").isTrue();
            assertThat(accepts(outside.get(), mqttPort))
                    .as("MQTT on " + outside.get().getHostAddress())
                    .isFalse();
            assertThat(accepts(outside.get(), httpPort))
                    .as("HTTP on " + outside.get().getHostAddress())
                    .isFalse();
        }
    }

    @Test
    void the_embedded_broker_speaks_mqtt_over_tls_with_a_pem_certificate(@TempDir Path dir) throws Exception {
        SelfSignedPem pem = SelfSignedPem.create(Files.createDirectories(dir.resolve("pem")));
        int plainPort = TestBroker.freePort();
        int tlsPort = TestBroker.freePort();
        try (EmbeddedBroker broker = new EmbeddedBroker(
                        dir.resolve("broker"),
                        "127.0.0.1",
                        plainPort,
                        Optional.of(new TlsListener("0.0.0.0", tlsPort, pem.certificate(), pem.privateKey())),
                        null,
                        Optional.empty())
                .start()) {
            assertThat(broker.tlsPort()).contains(tlsPort);
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            String topic = "coldchain/v1/tls-" + UUID.randomUUID().toString().substring(0, 8) + "/gw-1/readings";
            MqttClient subscriber =
                    new MqttClient(broker.url(), "tls-sub-" + UUID.randomUUID(), new MemoryPersistence());
            subscriber.connect();
            // (Paho 1.2.5's subscribe(String, int, listener) calls itself forever: the array form works.)
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, new IMqttMessageListener[] {
                (t, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8))
            });

            MqttClient gateway = new MqttClient(
                    "ssl://localhost:" + tlsPort, "tls-gw-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(pem.trustingContext().getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
            gateway.connect(options);
            gateway.publish(topic, "{\"readings\":[]}".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("{\"readings\":[]}");
            gateway.disconnect();
            gateway.close();
            subscriber.disconnect();
            subscriber.close();

            // A client that does not trust the certificate gets no session.
            MqttClient stranger =
                    new MqttClient("ssl://localhost:" + tlsPort, "tls-x-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions defaultTrust = new MqttConnectionOptions();
            defaultTrust.setConnectionTimeout(10);
            assertThatThrownBy(() -> stranger.connect(defaultTrust)).isInstanceOf(MqttException.class);
            stranger.close();
            // The key store was made from the PEM pair, readable by this user only.
            Path keyStore = dir.resolve("broker").resolve("conf").resolve("broker-keystore.p12");
            assertThat(keyStore).exists();
            assertThat(Files.getPosixFilePermissions(keyStore))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void a_key_that_does_not_belong_to_the_certificate_stops_the_broker_naming_the_settings(@TempDir Path dir)
            throws Exception {
        SelfSignedPem one = SelfSignedPem.create(Files.createDirectories(dir.resolve("one")));
        SelfSignedPem other = SelfSignedPem.create(Files.createDirectories(dir.resolve("other")));
        EmbeddedBroker broker = new EmbeddedBroker(
                dir.resolve("broker"),
                "127.0.0.1",
                TestBroker.freePort(),
                Optional.of(new TlsListener("127.0.0.1", TestBroker.freePort(), one.certificate(), other.privateKey())),
                null,
                Optional.empty());
        assertThatThrownBy(broker::start)
                .hasMessageContaining("COLDCHAIN_MQTT_TLS_CERT")
                .hasMessageContaining("does not belong to the certificate");
        broker.close();
    }
}
