package io.coldchain.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.coldchain.core.config.TlsListener;
import io.coldchain.core.edge.InProcessIngest;
import io.coldchain.embedded.broker.BrokerExtension;
import io.coldchain.embedded.broker.BrokerSecurity;
import io.coldchain.embedded.broker.ReadingsInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ Community Edition in this JVM, for {@code run} without {@code COLDCHAIN_MQTT_URL} and for
 * tests. Its session store is on disk under the data directory, and its per-client queue is raised
 * far above the default 1,000 so that the backend's persistent session loses nothing while the
 * backend is down (HiveMQ's default strategy drops new messages once a queue is full).
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Queued messages per offline session: about 100 M readings at gateway-sized messages. */
    public static final long MAX_QUEUE = 1_000_000;

    private final Path home;
    private final String bind;
    private final int port;
    private final Optional<TlsListener> tls;
    private final InProcessIngest ingest;
    private final Optional<BrokerSecurity> security;
    private final MeterRegistry registry;
    private EmbeddedHiveMQ hivemq;
    private ReadingsInterceptor.Limits handOverLimits = ReadingsInterceptor.Limits.DEFAULT;

    /**
     * An open broker, anyone may connect, readings delivered to subscribers: only for the tests'
     * shared broker ({@code TestBroker}), which stands in for an external one.
     */
    public EmbeddedBroker(Path home, String bind, int port) {
        this(home, bind, port, Optional.empty(), null, Optional.empty());
    }

    /** As below, with the in-process hand-over's meters in a registry of their own (tests). */
    public EmbeddedBroker(
            Path home,
            String bind,
            int port,
            Optional<TlsListener> tls,
            InProcessIngest ingest,
            Optional<BrokerSecurity> security) {
        this(home, bind, port, tls, ingest, security, new SimpleMeterRegistry());
    }

    /**
     * @param bind address of the plain listener (loopback unless the configuration opens it)
     * @param tls an MQTT-over-TLS listener beside the plain one, from a PEM certificate and key
     * @param ingest when not null, readings and SenML publishes are handed to it in-process and
     *     acknowledged to the gateway only once committed (see {@link ReadingsInterceptor}); they
     *     are not delivered to subscribers
     * @param security who may connect and what they may do; {@code run} always gives one
     * @param registry where the hand-over's meters go (held PUBACKs, bytes in flight)
     */
    public EmbeddedBroker(
            Path home,
            String bind,
            int port,
            Optional<TlsListener> tls,
            InProcessIngest ingest,
            Optional<BrokerSecurity> security,
            MeterRegistry registry) {
        this.home = home;
        this.bind = bind;
        this.port = port;
        this.tls = Objects.requireNonNull(tls, "tls");
        this.ingest = ingest;
        this.security = Objects.requireNonNull(security, "security");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Tests only: a tiny in-flight budget and a short wait for it; call before {@link #start}. */
    public synchronized EmbeddedBroker withHandOverLimits(ReadingsInterceptor.Limits limits) {
        this.handOverLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    public synchronized EmbeddedBroker start() {
        try {
            Path conf = Files.createDirectories(home.resolve("conf"));
            Path data = Files.createDirectories(home.resolve("data"));
            Path extensions = Files.createDirectories(home.resolve("extensions"));
            String keyStorePassword = PemKeyStore.newPassword();
            if (tls.isPresent()) {
                PemKeyStore.write(tls.get().certificate(), tls.get().privateKey(), keyStore(conf), keyStorePassword);
            }
            // Readable by this user only: it holds the key store's password when TLS is on.
            PemKeyStore.writePrivate(
                    conf.resolve("config.xml"), config(conf, keyStorePassword).getBytes(StandardCharsets.UTF_8));
            EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap();
            List<BrokerExtension.Part> parts = new ArrayList<>();
            // Security first: HiveMQ runs authorizers before interceptors anyway, but a reader of the
            // start-up sees who may connect before what happens to what they send.
            security.ifPresent(parts::add);
            if (ingest != null) {
                parts.add(new ReadingsInterceptor(ingest, security, registry, handOverLimits));
            }
            if (!parts.isEmpty()) {
                builder.withEmbeddedExtension(new BrokerExtension(parts));
            }
            hivemq = builder.build();
            hivemq.start().get(60, TimeUnit.SECONDS);
            LOG.info(
                    "Embedded MQTT broker (HiveMQ CE) on {}:{}{}, data in {}",
                    bind,
                    port,
                    tls.map(t -> ", MQTT over TLS on " + t.host() + ":" + t.port())
                            .orElse(""),
                    data);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded broker: cannot prepare " + home + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Embedded broker TLS (COLDCHAIN_MQTT_TLS_CERT, COLDCHAIN_MQTT_TLS_KEY): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Embedded broker did not start on " + bind + ":" + port
                            + tls.map(t -> " and " + t.host() + ":" + t.port()).orElse("")
                            + " (is a port in use? set COLDCHAIN_MQTT_PORT"
                            + tls.map(t -> " or COLDCHAIN_MQTT_TLS_PORT").orElse("") + "): " + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener's port, when there is one. */
    public Optional<Integer> tlsPort() {
        return tls.map(TlsListener::port);
    }

    private static Path keyStore(Path conf) {
        return conf.resolve("broker-keystore.p12");
    }

    private String config(Path conf, String keyStorePassword) {
        return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>%s
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <receive-maximum>
              <server-receive-maximum>1000</server-receive-maximum>
            </receive-maximum>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """.formatted(port, xml(bind), tlsListener(conf, keyStorePassword), MAX_QUEUE);
    }

    private String tlsListener(Path conf, String keyStorePassword) {
        if (tls.isEmpty()) {
            return "";
        }
        return """

            <tls-tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
              <tls>
                <keystore>
                  <path>%s</path>
                  <password>%s</password>
                  <private-key-password>%s</private-key-password>
                </keystore>
                <client-authentication-mode>NONE</client-authentication-mode>
              </tls>
            </tls-tcp-listener>""".formatted(
                        tls.get().port(),
                        xml(tls.get().host()),
                        xml(keyStore(conf).toAbsolutePath().toString()),
                        keyStorePassword,
                        keyStorePassword);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public synchronized void stop() {
        if (hivemq != null) {
            try {
                hivemq.stop().get(30, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                LOG.warn("Embedded broker did not stop cleanly: {}", e.getMessage());
            }
            hivemq = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
