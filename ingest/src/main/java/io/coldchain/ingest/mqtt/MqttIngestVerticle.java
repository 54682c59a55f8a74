package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.coldchain.ingest.edge.InboundFactory;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the MQTT edge of ingest: one Paho v5 client with a persistent session (clean start off,
 * session expiry from config), and manual acknowledgement: a message is acknowledged only after the
 * writer has committed everything in it. Topic and payload become domain objects here
 * ({@link MessageDecoder}); nothing past this class sees an MQTT type.
 *
 * <p>One instance takes the readings and SenML topics on a plain subscription, which lives in the
 * persistent session and so survives a broker restart (Mosquitto 2.0 does not persist shared
 * subscriptions: readings arriving before we resubscribe would have no subscriber and be dropped).
 * With a share group (scale-out) they are shared subscriptions, and a graceful stop may leave the
 * group (see {@link #leaveOnStop}; the stop itself is {@link ConsumerStop}, the session and the
 * subscriptions {@link ConsumerSubscriptions}). When the connection drops we reconnect
 * ourselves at a short fixed interval (Paho's automatic reconnect backs off to many seconds).
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
    /** Readings come in-process (the embedded broker): this connection takes gateway status only. */
    private final boolean statusOnly;

    private final ConsumerSubscriptions subscriptions;
    /** Null when this connection takes no readings subscription (status only). */
    private final DeliveryWatchdog watchdog;

    private long watchdogTimer = -1;
    private MqttAsyncClient client;
    private AckSequencer acks;
    private volatile boolean connected;
    /** Our own bound on what is taken and not committed (count and bytes). */
    private final InflightWindow window;

    /** Stopping: draining, leaving the share group or not. */
    private final ConsumerStop stop;

    private Duration watchdogInterval = DeliveryWatchdog.INTERVAL;
    private MqttConnectionOptions connectOptions;
    private boolean reconnecting;

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
        this.window = new InflightWindow(options.receiveMaximum(), metrics.registry(), index);
        this.subscriptions = new ConsumerSubscriptions(options, index, statusOnly);
        this.stop = new ConsumerStop(options, clientId, window);
    }

    @Override
    public void start(Promise<Void> startPromise) {
        createClient()
                .compose(v -> connect())
                .compose(v -> subscribe())
                .onSuccess(v -> startWatchdog())
                .onSuccess(v -> {
                    if (statusOnly) {
                        LOG.info(
                                "Consuming {} as '{}' from {}; readings and SenML are taken in-process by the embedded broker",
                                STATUS_FILTER,
                                clientId,
                                options.brokerUrl());
                    } else {
                        LOG.info(
                                "Consuming {} and {} as '{}' {} from {}",
                                READINGS_FILTER,
                                SENML_FILTER,
                                clientId,
                                options.shared()
                                        ? "in share group '" + options.shareGroup() + "'"
                                        : "on a plain persistent subscription",
                                options.brokerUrl());
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
            return Future.failedFuture(
                    new IllegalStateException("MQTT client for " + options.brokerUrl() + ": " + e.getMessage(), e));
        }
    }

    private Future<Void> connect() {
        connectOptions = subscriptions.connectOptions();
        return token(listener -> client.connect(connectOptions, null, listener))
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "Cannot connect to the MQTT broker at " + options.brokerUrl() + " (" + e.getMessage()
                                + "); check COLDCHAIN_MQTT_URL, or unset it for the embedded broker",
                        e)));
    }

    private Future<Void> subscribe() {
        return subscriptions.subscribe(context, client);
    }

    private void startWatchdog() {
        if (watchdog == null) {
            return;
        }
        watchdog.reset(System.nanoTime());
        watchdogTimer = vertx.setPeriodic(watchdogInterval.toMillis(), t -> watchdogTick());
    }

    /** Publishes a probe onto our own readings subscription, or reconnects when the last ones never arrived. */
    private void watchdogTick() {
        if (!connected || stop.stopping() || reconnecting) {
            // No connection (we are reconnecting or stopping): nothing is owed while there is none.
            watchdog.reset(System.nanoTime());
            return;
        }
        if (watchdog.tick()) {
            metrics.watchdogReconnect();
            LOG.warn(
                    "The broker delivered nothing on '{}' for {} probe intervals of {} ms, connection up: reconnecting",
                    clientId,
                    DeliveryWatchdog.MISSED,
                    watchdogInterval.toMillis());
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                LOG.debug("disconnect: {}", e.getMessage());
            }
            lost("delivery watchdog");
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
     * For tests: drops the readings subscriptions while the connection stays up, which is what a
     * broker that stopped delivering looks like from here.
     */
    Future<Void> dropSharedSubscriptionsForTest() {
        return token(
                listener -> client.unsubscribe(subscriptions.readingFilters(), null, listener, new MqttProperties()));
    }

    private Future<Void> token(PahoFutures.Action action) {
        return PahoFutures.of(context, action, t -> {});
    }

    public boolean connected() {
        return connected;
    }

    /**
     * Decides what a graceful stop does with this consumer's place in the share group. true: leave
     * for good (the other instances take over at once): unsubscribe, take and commit what the broker
     * already queued for us, then end the session (session expiry 0), so that nothing stays stranded
     * in a session that may never come back. false (the default, and always without a share group):
     * stop taking, drain, disconnect keeping the session, whose queue waits for our return. Leaving
     * is only safe while another instance stays subscribed: with nobody in the group the broker
     * drops readings, so the launcher decides (see ShareGroupMembership).
     */
    public void leaveOnStop(boolean leave) {
        stop.leaveOnStop(leave);
    }

    // ---- Paho callbacks (Paho's thread) ----

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
        if (!stop.admit()) {
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
        int bytes = window.take(message.getPayload().length);
        try {
            take(topic, message, bytes);
        } catch (RuntimeException | Error e) {
            // Nothing may leak a permit or leave a pending acknowledgement behind. Throwing makes Paho
            // drop the connection, which resets the acknowledgement sequence; the broker redelivers.
            window.giveBack(bytes);
            metrics.inflightMessages().decrementAndGet();
            LOG.error("Could not take a message on {}: {}", topic, e.toString());
            throw e;
        }
    }

    private void take(String topic, MqttMessage message, int bytes) {
        Instant receivedAt = Instant.now();
        long nanos = System.nanoTime();
        byte[] payload = message.getPayload();
        Runnable onCommitted;
        metrics.inflightMessages().incrementAndGet();
        if (message.getQos() > 0) {
            AckSequencer.Pending pending = acks.register(message.getId(), message.getQos());
            onCommitted = () -> {
                metrics.inflightMessages().decrementAndGet();
                window.giveBack(bytes);
                acks.committed(pending);
            };
        } else {
            onCommitted = () -> {
                metrics.inflightMessages().decrementAndGet();
                window.giveBack(bytes);
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
        if (stop.stopping()) {
            return;
        }
        LOG.warn(
                "Lost the MQTT connection to {} as '{}' ({}); reconnecting every {} ms, unacknowledged messages will be redelivered",
                options.brokerUrl(),
                clientId,
                why,
                options.reconnectInterval().toMillis());
        context.runOnContext(v -> reconnect(0));
    }

    /**
     * Tries again every {@code mqtt.reconnect.interval} until the broker answers, then subscribes
     * again (the session normally keeps the subscriptions; a broker that lost them, or an expired
     * session, needs them back at once). Runs on this verticle's context.
     */
    private void reconnect(int attempt) {
        if (stop.stopping() || (attempt == 0 && reconnecting)) {
            return;
        }
        reconnecting = true;
        vertx.setTimer(options.reconnectInterval().toMillis(), id -> {
            if (stop.stopping()) {
                reconnecting = false;
                return;
            }
            token(listener -> client.connect(connectOptions, null, listener))
                    .compose(v -> subscribe())
                    .onSuccess(v -> {
                        reconnecting = false;
                        LOG.info(
                                "Reconnected to {} as '{}' after {} attempt(s)",
                                options.brokerUrl(),
                                clientId,
                                attempt + 1);
                    })
                    .onFailure(e -> {
                        if (attempt % 20 == 19) {
                            LOG.warn(
                                    "Still cannot reach the MQTT broker at {} ({} attempts): {}",
                                    options.brokerUrl(),
                                    attempt + 1,
                                    e.getMessage());
                        }
                        if (client.isConnected() && !stop.stopping()) {
                            // Connected but not subscribed: drop it and start over rather than consume nothing.
                            try {
                                client.disconnectForcibly(0, 1000, false);
                            } catch (MqttException ex) {
                                LOG.debug("disconnect: {}", ex.getMessage());
                            }
                        }
                        reconnect(attempt + 1);
                    });
        });
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        connected = true;
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (watchdogTimer >= 0) {
            vertx.cancelTimer(watchdogTimer);
        }
        stop.run(vertx, context, client, subscriptions.readingFilters(), connected)
                .onComplete(ar -> stopPromise.complete());
    }
}
