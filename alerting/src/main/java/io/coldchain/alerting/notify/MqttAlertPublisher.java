package io.coldchain.alerting.notify;

import io.coldchain.core.config.MqttOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
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
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert topic's publisher: its own Paho v5 connection (client id {@code <mqtt.client.id>-notify}),
 * separate from the ingest consumers so that publishing never competes with their acknowledgement
 * order. Clean start: nothing of this session needs to survive us, because a publish that was not
 * acknowledged (PUBACK) is still pending in the outbox and is sent again.
 *
 * <p>Used on one Vert.x context: {@link #publish} is called there and its future completes there.
 * At most {@link #MAX_INFLIGHT} publishes are outstanding (Paho refuses more than the broker's
 * receive maximum); the rest wait their turn in order.
 */
final class MqttAlertPublisher implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAlertPublisher.class);
    /** Below every broker's receive maximum we know (HiveMQ 10, Mosquitto 20, EMQX 32). */
    static final int MAX_INFLIGHT = 8;

    static final String IDEMPOTENCY_PROPERTY = "idempotency-key";
    static final long PUBLISH_TIMEOUT_MS = 10_000;

    private final MqttOptions options;
    private final String clientId;
    private final Context context;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inflight;
    private MqttAsyncClient client;
    private volatile boolean connected;

    MqttAlertPublisher(MqttOptions options, Context context) {
        this.options = options;
        this.clientId = options.clientId() + "-notify";
        this.context = context;
    }

    Future<Void> connect() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        // At most 2 s between attempts: /health (and the alert topic) waits for this connection after a broker restart.
        o.setAutomaticReconnectDelay(1, 2);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        try {
            client = new MqttAsyncClient(options.brokerUrl(), clientId, new MemoryPersistence());
            client.setCallback(this);
        } catch (MqttException e) {
            return Future.failedFuture(
                    new IllegalStateException("MQTT client for " + options.brokerUrl() + ": " + e.getMessage(), e));
        }
        Promise<Void> p = Promise.promise();
        try {
            client.connect(o, null, listener(p));
        } catch (MqttException e) {
            p.tryFail(e);
        }
        return p.future()
                .timeout(30, TimeUnit.SECONDS)
                .onSuccess(v -> connected = true)
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "The notifier cannot connect to the MQTT broker at " + options.brokerUrl() + " ("
                                + e.getMessage() + "); check COLDCHAIN_MQTT_URL",
                        e)));
    }

    /** Publishes at QoS 1; succeeds when the broker acknowledged (PUBACK). */
    Future<Void> publish(String topic, String payload, String idempotencyKey) {
        Promise<Void> done = Promise.promise();
        waiting.add(() -> send(topic, payload, idempotencyKey, done));
        drain();
        return done.future();
    }

    private void drain() {
        while (inflight < MAX_INFLIGHT && !waiting.isEmpty()) {
            inflight++;
            waiting.poll().run();
        }
    }

    private void send(String topic, String payload, String key, Promise<Void> done) {
        Promise<Void> sent = Promise.promise();
        sent.future().timeout(PUBLISH_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
            inflight--;
            drain();
            done.handle(ar);
        });
        if (!connected || !client.isConnected()) {
            sent.tryFail(new IllegalStateException("not connected to the MQTT broker " + options.brokerUrl()));
            return;
        }
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        props.setPayloadFormat(true);
        props.setUserProperties(List.of(new UserProperty(IDEMPOTENCY_PROPERTY, key)));
        m.setProperties(props);
        try {
            client.publish(topic, m, null, listener(sent));
        } catch (MqttException | RuntimeException e) {
            sent.tryFail(e);
        }
    }

    private MqttActionListener listener(Promise<Void> p) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                context.runOnContext(v -> p.tryComplete());
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                context.runOnContext(v -> p.tryFail(e == null ? new IllegalStateException("publish failed") : e));
            }
        };
    }

    boolean connected() {
        return connected;
    }

    /** Disconnects (best effort, bounded) and releases the client; blocking, so called on a worker. */
    void close() {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }

    // ---- Paho callbacks (Paho's thread) ----

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connected = false;
        LOG.warn(
                "Notifier lost its MQTT connection ({}); reconnecting, pending alert events wait in the outbox",
                response.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("Notifier MQTT error: {}", exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connected = true;
        if (reconnect) {
            LOG.info("Notifier reconnected to {}", serverURI);
        }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
