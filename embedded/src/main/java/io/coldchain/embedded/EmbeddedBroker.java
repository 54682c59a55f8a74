package io.coldchain.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.coldchain.embedded.broker.BrokerExtension;
import io.coldchain.embedded.broker.BrokerSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final Optional<BrokerSecurity> security;
  private EmbeddedHiveMQ hivemq;

  /** An open broker, anyone may connect: only for the tests' shared broker ({@code TestBroker}). */
  public EmbeddedBroker(Path home, String bind, int port) {
    this(home, bind, port, Optional.empty());
  }

  /** @param security who may connect and what they may do; {@code run} always gives one */
  public EmbeddedBroker(Path home, String bind, int port, Optional<BrokerSecurity> security) {
    this.home = home;
    this.bind = bind;
    this.port = port;
    this.security = security;
  }

  public synchronized EmbeddedBroker start() {
    try {
      Path conf = Files.createDirectories(home.resolve("conf"));
      Path data = Files.createDirectories(home.resolve("data"));
      Path extensions = Files.createDirectories(home.resolve("extensions"));
      Files.writeString(conf.resolve("config.xml"), config(), StandardCharsets.UTF_8);
      hivemq = EmbeddedHiveMQ.builder()
          .withConfigurationFolder(conf)
          .withDataFolder(data)
          .withExtensionsFolder(extensions)
          .withoutLoggingBootstrap()
          .withEmbeddedExtension(new BrokerExtension(security))
          .build();
      hivemq.start().get(60, TimeUnit.SECONDS);
      LOG.info("Embedded MQTT broker (HiveMQ CE) on {}:{}, data in {}", bind, port, data);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded broker: cannot prepare " + home + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("Embedded broker did not start on " + bind + ":" + port
          + " (is the port in use? set COLDCHAIN_MQTT_PORT): " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  private String config() {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
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
        """.formatted(port, bind, MAX_QUEUE);
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
