package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.coldchain.ingest.edge.InboundFactory;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * session expiry from config), and manual acknowledgement: a message is acknowledged only after the
 * writer has committed everything in it. Topic and payload become domain objects here
 * ({@link MessageDecoder}); nothing past this class sees an MQTT type.
 *
 * <p>One instance takes the readings and SenML topics on a plain subscription, which lives in the
 * persistent session and so survives a broker restart (Mosquitto 2.0 does not persist shared
 * subscriptions: readings arriving before we resubscribe would have no subscriber and be dropped).
 * With a share group (scale-out) they are shared subscriptions, and a graceful stop may leave the
 * group (see {@link #leaveOnStop}). Every filter goes in a SUBSCRIBE of its own: a multi-filter
 * SUBSCRIBE can leave HiveMQ CE's shared subscription idle. When the connection drops we reconnect
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
    /** Null when this connection takes no readings subscription (status only). */
    private final DeliveryWatchdog watchdog;

    private long watchdogTimer = -1;
    private MqttAsyncClient client;
    private AckSequencer acks;
    private volatile boolean connected;
    /**
     * Our own bound on messages taken but not yet committed. The broker should stop at our receive
     * maximum, but not every broker does; blocking Paho's callback thread here stops it reading the
     * socket, so TCP pushes back instead of the heap filling up.
     */
    private final Semaphore uncommitted;
    /**
     * The same bound in payload bytes: a receive maximum large enough to keep the writers busy with
     * gateway-sized messages (1,000 × 50 readings) would allow 1,000 × 256 KiB of large ones.
     */
    private final Semaphore uncommittedBytes = new Semaphore(MAX_UNCOMMITTED_BYTES);

    static final int MAX_UNCOMMITTED_BYTES = 64 << 20;

    private volatile boolean stopping;
    /** Leaving the share group for good on stop: unsubscribe, drain what is queued, end the session. */
    private volatile boolean leaveOnStop;

    private volatile long lastArrivalNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicInteger untaken = new java.util.concurrent.atomic.AtomicInteger();
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
        this.uncommitted = new Semaphore(options.receiveMaximum());
        Gauge.builder(
                        "coldchain.ingest.inflight.bytes",
                        uncommittedBytes,
                        b -> MAX_UNCOMMITTED_BYTES - b.availablePermits())
                .description("Payload bytes taken from the broker and not yet committed")
                .baseUnit("bytes")
                .tag("consumer", Integer.toString(index))
                .register(metrics.registry());
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
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setReceiveMaximum(options.receiveMaximum());
        // We reconnect ourselves (see reconnect()): Paho's backoff doubles up to its maximum, and while
        // it waits the broker may already be back.
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (options.brokerUrl().startsWith("tcp://")) {
            o.setSocketFactory(new BufferedSocketFactory());
        }
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        connectOptions = o;
        return token(listener -> client.connect(o, null, listener))
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "Cannot connect to the MQTT broker at " + options.brokerUrl() + " (" + e.getMessage()
                                + "); check COLDCHAIN_MQTT_URL, or unset it for the embedded broker",
                        e)));
    }

    /** The readings and SenML filters as this instance subscribes to them (shared or plain). */
    private String[] readingFilters() {
        if (statusOnly) {
            return new String[0];
        }
        String prefix = options.shared() ? "$share/" + options.shareGroup() + "/" : "";
        return new String[] {prefix + READINGS_FILTER, prefix + SENML_FILTER};
    }

    /** One filter per SUBSCRIBE, in turn; a refused filter fails the whole. */
    private Future<Void> subscribe() {
        Future<Void> chain = Future.succeededFuture();
        for (String filter : readingFilters()) {
            chain = chain.compose(v -> subscribeOne(filter));
        }
        // Status is retained, and retained messages are not sent on shared subscriptions: it is a
        // plain subscription, taken by consumer 0 only.
        return index == 0 ? chain.compose(v -> subscribeOne(STATUS_FILTER)) : chain;
    }

    private Future<Void> subscribeOne(String filter) {
        Promise<Void> granted = Promise.promise();
        token(
                        listener -> client.subscribe(
                                new MqttSubscription[] {new MqttSubscription(filter, 1)},
                                null,
                                listener,
                                new MqttProperties()),
                        t -> {
                            int[] codes = t.getReasonCodes();
                            // SUBACK reason codes >= 0x80 are refusals (0x87 not authorized, 0x9E shared subscriptions
                            // not supported).
                            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                                throw new IllegalStateException("the broker refused the subscription to " + filter
                                        + " (reason code 0x" + Integer.toHexString(codes[0])
                                        + "); check the backend's broker user and its ACL");
                            }
                        })
                .onComplete(granted);
        return granted.future();
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
        if (!connected || stopping || reconnecting) {
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
        return token(listener -> client.unsubscribe(readingFilters(), null, listener, new MqttProperties()));
    }

    private interface TokenAction {
        IMqttToken start(MqttActionListener listener) throws MqttException;
    }

    private interface TokenCheck {
        void check(IMqttToken token);
    }

    private Future<Void> token(TokenAction action) {
        return token(action, t -> {});
    }

    /** Adapts a Paho asynchronous action to a Vert.x future completed on this verticle's context. */
    private Future<Void> token(TokenAction action, TokenCheck check) {
        Promise<Void> p = Promise.promise();
        var ctx = context;
        try {
            action.start(new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    ctx.runOnContext(v -> {
                        try {
                            check.check(t);
                            p.tryComplete();
                        } catch (RuntimeException e) {
                            p.tryFail(e);
                        }
                    });
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
        this.leaveOnStop = leave && options.shared();
    }

    // ---- Paho callbacks (Paho's thread) ----

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
        if (stopping) {
            // Draining for shutdown: not taken, not acknowledged; the broker keeps it for the next session
            // (which is therefore not ended, see stop()).
            untaken.incrementAndGet();
            return;
        }
        lastArrivalNanos = System.nanoTime();
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
        int bytes = Math.min(message.getPayload().length, MAX_UNCOMMITTED_BYTES);
        try {
            uncommittedBytes.acquire(bytes);
        } catch (InterruptedException e) {
            uncommitted.release();
            throw e;
        }
        try {
            take(topic, message, bytes);
        } catch (RuntimeException | Error e) {
            // Nothing may leak a permit or leave a pending acknowledgement behind. Throwing makes Paho
            // drop the connection, which resets the acknowledgement sequence; the broker redelivers.
            uncommitted.release();
            uncommittedBytes.release(bytes);
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
                uncommittedBytes.release(bytes);
                uncommitted.release();
                acks.committed(pending);
            };
        } else {
            onCommitted = () -> {
                metrics.inflightMessages().decrementAndGet();
                uncommittedBytes.release(bytes);
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
        if (stopping) {
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
        if (stopping || (attempt == 0 && reconnecting)) {
            return;
        }
        reconnecting = true;
        vertx.setTimer(options.reconnectInterval().toMillis(), id -> {
            if (stopping) {
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
                        if (client.isConnected() && !stopping) {
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
        Future<Boolean> drained = leaveOnStop && connected ? leave() : stay();
        drained.transform(ar -> {
                    stopping = true;
                    // A message we did not take lives only in our session: ending it would lose the message.
                    boolean endSession =
                            ar.succeeded() && Boolean.TRUE.equals(ar.result()) && leaveOnStop && untaken.get() == 0;
                    MqttProperties props = new MqttProperties();
                    if (endSession) {
                        // Session expiry 0 on DISCONNECT: the broker ends the session now, so nothing more is
                        // queued for a client id that may never return.
                        props.setSessionExpiryInterval(0L);
                    }
                    stopping = true;
                    return token(listener -> client.disconnect(5_000, null, listener, 0, props))
                            .onSuccess(v -> LOG.info(
                                    endSession
                                            ? "Left share group '{}' as '{}': session ended, the others take the readings"
                                            : "Disconnected as '{}'{}, session kept for the next start",
                                    endSession ? options.shareGroup() : clientId,
                                    endSession ? clientId : ""));
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

    /**
     * Staying: take nothing new, wait until every message taken is committed and acknowledged (all
     * permits back); what the broker sends meanwhile is redelivered to the next session.
     */
    private Future<Boolean> stay() {
        stopping = true;
        return vertx.<Boolean>executeBlocking(
                        () -> uncommitted.tryAcquire(options.receiveMaximum(), 30, TimeUnit.SECONDS))
                .map(ok -> {
                    if (!ok) {
                        LOG.warn("Drain incomplete after 30 s; unacknowledged messages will be redelivered");
                    }
                    return ok;
                });
    }

    /**
     * Leaving: unsubscribe the shared filters (the broker stops giving us new messages), keep taking
     * and committing what it already queued for us until nothing has arrived for a second and all is
     * acknowledged. true when that happened within 30 s; false keeps the session (the writer may be
     * stuck on the database), so what is left waits in it rather than being thrown away.
     */
    private Future<Boolean> leave() {
        Future<Void> unsubscribed = Future.succeededFuture();
        for (String filter : readingFilters()) {
            unsubscribed = unsubscribed.compose(v ->
                    token(listener -> client.unsubscribe(new String[] {filter}, null, listener, new MqttProperties())));
        }
        return unsubscribed
                .compose(v -> vertx.executeBlocking(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < deadline) {
                        boolean quiet = System.nanoTime() - lastArrivalNanos > TimeUnit.SECONDS.toNanos(1);
                        if (quiet
                                && uncommitted.availablePermits() == options.receiveMaximum()
                                && client.isConnected()) {
                            stopping = true;
                            // A message may have slipped in between the two checks: all permits still back means none
                            // did.
                            if (uncommitted.availablePermits() == options.receiveMaximum()) {
                                return true;
                            }
                        }
                        Thread.sleep(50);
                    }
                    stopping = true;
                    LOG.warn(
                            "Could not drain the queue of '{}' within 30 s; keeping its session so that nothing is lost",
                            clientId);
                    return false;
                }))
                .recover(e -> {
                    LOG.warn(
                            "Could not leave share group '{}' cleanly ({}); keeping the session",
                            options.shareGroup(),
                            e.getMessage());
                    return stay();
                });
    }
}
