package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.coldchain.ingest.edge.InboundFactory;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the MQTT edge of ingest: one Paho v5 client with a persistent session (clean start off,
 * session expiry from config), shared subscriptions on the readings and SenML topics so that
 * several instances split the load, and manual acknowledgement: a message is acknowledged only
 * after the writer has committed everything in it. Topic and payload become domain objects here
 * ({@link MessageDecoder}); nothing past this class sees an MQTT type.
 */
public final class MqttIngestVerticle extends AbstractVerticle implements MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestVerticle.class);
  public static final String READINGS_FILTER = "coldchain/v1/+/+/readings";
  public static final String SENML_FILTER = "coldchain/v1/+/+/senml";
  public static final String STATUS_FILTER = "coldchain/v1/+/+/status";

  private final MqttOptions options;
  private final int index;
  private final String clientId;
  private final IngestMetrics metrics;
  private final InboundFactory inbound;
  /** Readings and SenML arrive in-process (embedded broker); this connection takes only the status topic. */
  private final boolean statusOnly;
  private MqttAsyncClient client;
  private AckSequencer acks;
  private volatile boolean connected;
  /**
   * Our own bound on messages taken but not yet committed. The broker should stop at our receive
   * maximum, but not every broker does; blocking Paho's callback thread here stops it reading the
   * socket, so TCP pushes back instead of the heap filling up.
   */
  private final Semaphore uncommitted;
  private volatile boolean stopping;
  /** Null when this connection takes no shared subscription (status only). */
  private final DeliveryWatchdog watchdog;
  private long watchdogTimer = -1;
  private Duration watchdogInterval = DeliveryWatchdog.INTERVAL;
  private MqttConnectionOptions connectOptions;

  /**
   * @param index which of the instance's {@code mqtt.consumers} connections this is; consumer 0
   *     also takes the (non-shared) gateway status topic
   */
  public MqttIngestVerticle(MqttOptions options, int index, IngestMetrics metrics, Clock clock) {
    this(options, index, metrics, clock, false);
  }

  /**
   * @param statusOnly true when the broker hands readings to ingest in-process (the embedded
   *     broker's interceptor): then this connection subscribes to the gateway status topic only
   */
  public MqttIngestVerticle(MqttOptions options, int index, IngestMetrics metrics, Clock clock, boolean statusOnly) {
    this.options = options;
    this.index = index;
    this.clientId = options.clientId(index);
    this.metrics = metrics;
    this.inbound = new InboundFactory(clock, metrics);
    this.statusOnly = statusOnly;
    this.watchdog = statusOnly ? null : new DeliveryWatchdog(System.nanoTime());
    this.uncommitted = new Semaphore(options.receiveMaximum());
  }

  @Override
  public void start(Promise<Void> startPromise) {
    createClient()
        .compose(v -> connect())
        .compose(v -> subscribe())
        .onSuccess(v -> startWatchdog())
        .onSuccess(v -> {
          if (statusOnly) {
            LOG.info("Consuming {} as '{}' from {}; readings and SenML are taken in-process by the embedded broker",
                STATUS_FILTER, clientId, options.brokerUrl());
          } else {
            LOG.info("Consuming {} and {} as '{}' in share group '{}' from {}",
                READINGS_FILTER, SENML_FILTER, clientId, options.shareGroup(), options.brokerUrl());
          }
        })
        .onComplete(startPromise);
  }

  private Future<Void> createClient() {
    try {
      client = new MqttAsyncClient(options.brokerUrl(), clientId, new MemoryPersistence());
      client.setManualAcks(true);
      client.setCallback(this);
      acks = new AckSequencer((id, qos) -> ack(id, qos));
      return Future.succeededFuture();
    } catch (MqttException e) {
      return Future.failedFuture(new IllegalStateException("MQTT client for " + options.brokerUrl() + ": " + e.getMessage(), e));
    }
  }

  private Future<Void> connect() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
    o.setReceiveMaximum(options.receiveMaximum());
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 30);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    options.username().ifPresent(o::setUserName);
    options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    connectOptions = o;
    return token(listener -> client.connect(o, null, listener))
        .recover(e -> Future.failedFuture(new IllegalStateException("Cannot connect to the MQTT broker at "
            + options.brokerUrl() + " (" + e.getMessage() + "); check COLDCHAIN_MQTT_URL, or unset it for the embedded broker", e)));
  }

  /**
   * One filter per SUBSCRIBE: HiveMQ CE (up to at least 2026.5) handles a multi-filter SUBSCRIBE
   * in a way that can leave the connection's shared-subscription flag latched off (it then reads
   * the shared queue only when it goes from empty to one message, and the rest waits for a
   * reconnect); one filter per packet never showed it. No cost: these are sent once per connect.
   */
  private Future<Void> subscribe() {
    String share = "$share/" + options.shareGroup() + "/";
    List<MqttSubscription> subs = new ArrayList<>();
    if (!statusOnly) {
      subs.add(new MqttSubscription(share + READINGS_FILTER, 1));
      subs.add(new MqttSubscription(share + SENML_FILTER, 1));
    }
    // Status is retained, and retained messages are not sent on shared subscriptions: it is a
    // plain subscription, taken by consumer 0 only.
    if (index == 0) {
      subs.add(new MqttSubscription(STATUS_FILTER, 1));
    }
    Future<Void> chain = Future.succeededFuture();
    for (MqttSubscription sub : subs) {
      chain = chain.compose(v -> token(listener -> client.subscribe(new MqttSubscription[] {sub}, null, listener, new MqttProperties())));
    }
    return chain;
  }

  private void startWatchdog() {
    if (watchdog == null) {
      return;
    }
    watchdog.reset(System.nanoTime());
    watchdogTimer = vertx.setPeriodic(watchdogInterval.toMillis(), t -> watchdogTick());
  }

  /** Publishes a probe onto our own shared subscription, or reconnects when the last ones never arrived. */
  private void watchdogTick() {
    if (!connected || stopping) {
      // Paho is reconnecting (or we are stopping): nothing is owed while there is no connection.
      watchdog.reset(System.nanoTime());
      return;
    }
    if (watchdog.tick()) {
      metrics.watchdogReconnect();
      LOG.warn("The broker delivered nothing on '{}' for {} probe intervals of {} ms, connection up: reconnecting",
          clientId, DeliveryWatchdog.MISSED, watchdogInterval.toMillis());
      reconnect();
      return;
    }
    MqttMessage probe = new MqttMessage(new byte[0]);
    probe.setQos(1);
    try {
      client.publish(DeliveryWatchdog.probeTopic(clientId), probe);
    } catch (MqttException | RuntimeException e) {
      LOG.debug("Watchdog probe not sent: {}", e.getMessage());
    }
  }

  /** Drops and re-opens the connection on the same session; what was not acknowledged is redelivered. */
  private void reconnect() {
    connected = false;
    token(listener -> client.disconnect(5_000, null, listener, 0, new MqttProperties()))
        .transform(ar -> {
          acks.connectionLost();
          return token(listener -> client.connect(connectOptions, null, listener));
        })
        .compose(v -> subscribe())
        .onSuccess(v -> {
          watchdog.reset(System.nanoTime());
          LOG.info("Reconnected '{}' after a delivery stall", clientId);
        })
        .onFailure(e -> LOG.error("Watchdog reconnect of '{}' failed: {}; retrying at the next interval", clientId, e.getMessage()));
  }

  /** For tests: a shorter probe interval, set before deployment. */
  MqttIngestVerticle watchdogInterval(Duration interval) {
    this.watchdogInterval = interval;
    return this;
  }

  /** For tests: {@link System#nanoTime()} of the last arrival through the shared subscriptions. */
  long lastSharedArrivalNanos() {
    return watchdog.lastArrival();
  }

  /**
   * For tests: drops the shared subscriptions while the connection stays up, which is what a
   * broker that stopped delivering looks like from here.
   */
  Future<Void> dropSharedSubscriptionsForTest() {
    String share = "$share/" + options.shareGroup() + "/";
    return token(listener -> client.unsubscribe(new String[] {share + READINGS_FILTER, share + SENML_FILTER}, null, listener,
        new MqttProperties()));
  }

  private interface TokenAction {
    IMqttToken start(MqttActionListener listener) throws MqttException;
  }

  /** Adapts a Paho asynchronous action to a Vert.x future completed on this verticle's context. */
  private Future<Void> token(TokenAction action) {
    Promise<Void> p = Promise.promise();
    var ctx = context;
    try {
      action.start(new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken t) {
          ctx.runOnContext(v -> p.tryComplete());
        }

        @Override
        public void onFailure(IMqttToken t, Throwable e) {
          ctx.runOnContext(v -> p.tryFail(e));
        }
      });
    } catch (MqttException e) {
      p.tryFail(e);
    }
    // Paho has been seen not to answer at all; a start-up that hangs silently is worse than one that fails.
    return p.future().timeout(30, TimeUnit.SECONDS);
  }

  public boolean connected() {
    return connected;
  }

  // ---- Paho callbacks (Paho's thread) ----

  @Override
  public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
    if (stopping) {
      // Draining for shutdown: not taken, not acknowledged; the broker keeps it for the next session.
      return;
    }
    if (watchdog != null) {
      if (!topic.endsWith("/status")) {
        // Only what comes through the shared subscriptions proves they deliver (status is a plain one).
        watchdog.arrived(System.nanoTime());
      }
      if (DeliveryWatchdog.isProbe(topic)) {
        // Ours or a sibling's: proof of delivery, nothing to store. Acknowledged in its turn.
        if (message.getQos() > 0) {
          acks.committed(acks.register(message.getId(), message.getQos()));
        }
        return;
      }
    }
    uncommitted.acquire();
    try {
      take(topic, message);
    } catch (RuntimeException | Error e) {
      // Nothing may leak a permit or leave a pending acknowledgement behind. Throwing makes Paho
      // drop the connection, which resets the acknowledgement sequence; the broker redelivers.
      uncommitted.release();
      metrics.inflightMessages().decrementAndGet();
      LOG.error("Could not take a message on {}: {}", topic, e.toString());
      throw e;
    }
  }

  private void take(String topic, MqttMessage message) {
    Instant receivedAt = Instant.now();
    long nanos = System.nanoTime();
    byte[] payload = message.getPayload();
    Runnable onCommitted;
    metrics.inflightMessages().incrementAndGet();
    if (message.getQos() > 0) {
      AckSequencer.Pending pending = acks.register(message.getId(), message.getQos());
      onCommitted = () -> {
        metrics.inflightMessages().decrementAndGet();
        uncommitted.release();
        acks.committed(pending);
      };
    } else {
      onCommitted = () -> {
        metrics.inflightMessages().decrementAndGet();
        uncommitted.release();
      };
    }
    InboundMessage m = inbound.decode(topic, payload, receivedAt, nanos, onCommitted);
    vertx.eventBus().send(ReadingWriterVerticle.ADDRESS, m, ReadingWriterVerticle.LOCAL);
  }

  private int ack(int packetId, int qos) {
    // Paho queues a PUBACK even while the connection is going down and would send it on the next
    // one, where the packet id may mean another message: only acknowledge on a live connection.
    if (!client.isConnected()) {
      return -1;
    }
    try {
      client.messageArrivedComplete(packetId, qos);
      return 0;
    } catch (MqttException | RuntimeException e) {
      // Not fatal: the broker redelivers and the store dedups.
      metrics.ackFailed();
      LOG.warn("Could not acknowledge packet {}: {}", packetId, e.getMessage());
      return -1;
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    lost("broker disconnected us: " + response.getReasonString());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT error: {}", exception.getMessage());
  }

  private void lost(String why) {
    connected = false;
    acks.connectionLost();
    metrics.disconnected();
    LOG.warn("Lost the MQTT connection ({}); reconnecting, unacknowledged messages will be redelivered", why);
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    connected = true;
    if (reconnect) {
      LOG.info("Reconnected to {}", serverUri);
      // The session normally keeps the subscriptions; subscribing again is harmless and covers an expired session.
      context.runOnContext(v -> subscribe().onFailure(e -> LOG.error("Re-subscribe failed: {}", e.getMessage())));
    }
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void stop(Promise<Void> stopPromise) {
    // Drain: take nothing new, wait until every message taken is committed and acknowledged (all
    // permits back), then disconnect; what the broker sends meanwhile is redelivered to the next session.
    stopping = true;
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
    }
    vertx.<Boolean>executeBlocking(() -> uncommitted.tryAcquire(options.receiveMaximum(), 30, TimeUnit.SECONDS))
        .transform(ar -> {
          if (ar.failed() || !Boolean.TRUE.equals(ar.result())) {
            LOG.warn("Drain incomplete after 30 s; unacknowledged messages will be redelivered");
          }
          return token(listener -> client.disconnect(5_000, null, listener, 0, new MqttProperties()));
        })
        .onComplete(ar -> {
          try {
            client.close(true);
          } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
          }
          stopPromise.complete();
        });
  }
}
