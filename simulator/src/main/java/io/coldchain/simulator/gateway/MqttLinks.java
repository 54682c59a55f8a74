package io.coldchain.simulator.gateway;

import io.coldchain.simulator.SimStats;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real gateways: one Paho client per gateway, MQTT 5 or 3.1.1, QoS 1, a retained
 * {@code {"online":false}} Last Will on the status topic, clean start (a gateway has no
 * subscriptions to keep). Publishes are asynchronous with a bounded window of unacknowledged
 * messages (the broker's receive maximum when it announces one), so a long backlog streams out
 * without waiting for each PUBACK. A failed publish is counted and logged, never thrown at the
 * simulation: a real gateway does not stop measuring because the broker hiccupped.
 */
public final class MqttLinks implements GatewayLink.Factory {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLinks.class);
    static final int WINDOW = 20;
    static final long TIMEOUT_MS = 10_000;

    private final String brokerUrl;
    private final int mqttVersion;
    private final String clientPrefix;
    private final SimStats stats;
    private final Map<String, GatewayLogin> logins;

    /** @param mqttVersion 5 or 3 (3.1.1) */
    public MqttLinks(String brokerUrl, int mqttVersion, String clientPrefix, SimStats stats) {
        this(brokerUrl, mqttVersion, clientPrefix, stats, Map.of());
    }

    /**
     * @param logins each gateway's MQTT login by gateway id (a broker that checks logins, such as the
     *     embedded one, refuses a gateway without one); a gateway not in it connects without a login
     */
    public MqttLinks(
            String brokerUrl, int mqttVersion, String clientPrefix, SimStats stats, Map<String, GatewayLogin> logins) {
        if (mqttVersion != 5 && mqttVersion != 3) {
            throw new IllegalArgumentException("mqtt version must be 5 or 3 (3.1.1), got " + mqttVersion);
        }
        this.brokerUrl = brokerUrl;
        this.mqttVersion = mqttVersion;
        this.clientPrefix = clientPrefix;
        this.stats = stats;
        this.logins = Map.copyOf(logins);
    }

    @Override
    public GatewayLink open(String tenant, String gateway) {
        String clientId = (clientPrefix + "-" + tenant + "-" + gateway);
        clientId = clientId.length() > 64 ? clientId.substring(0, 64) : clientId;
        return mqttVersion == 5 ? new V5(tenant, gateway, clientId) : new V3(tenant, gateway, clientId);
    }

    private final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Counts every failure; logs the first of a run of failures per gateway (a down broker would flood the log). */
    private void failed(String gateway, String what, Throwable e) {
        stats.failure();
        if (failing.add(gateway)) {
            LOG.warn(
                    "gateway {}: {} failed: {} (further failures are counted, not logged, until it recovers)",
                    gateway,
                    what,
                    e == null ? "timeout" : e.toString());
        }
    }

    private void recovered(String gateway) {
        if (failing.remove(gateway)) {
            LOG.info("gateway {}: connected again", gateway);
        }
    }

    /** The window of unacknowledged publishes shared by both client kinds. */
    private abstract class Base implements GatewayLink {
        final String tenant;
        final String gateway;
        final String clientId;
        Semaphore window = new Semaphore(WINDOW);
        int windowSize = WINDOW;

        Base(String tenant, String gateway, String clientId) {
            this.tenant = tenant;
            this.gateway = gateway;
            this.clientId = clientId;
        }

        String status() {
            return GatewayLink.statusTopic(tenant, gateway);
        }

        void acquire() {
            try {
                if (!window.tryAcquire(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    failed(gateway, "waiting for PUBACKs", null);
                    window = new Semaphore(windowSize); // the old acks are lost with the connection
                    window.acquireUninterruptibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }

        /** Waits for every outstanding PUBACK (before a disconnect). */
        void drain() {
            try {
                if (window.tryAcquire(windowSize, TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    window.release(windowSize);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class V5 extends Base {
        private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;

        V5(String tenant, String gateway, String clientId) {
            super(tenant, gateway, clientId);
            try {
                client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                        brokerUrl, clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                throw new IllegalStateException("cannot create MQTT client for " + gateway, e);
            }
        }

        @Override
        public boolean connect() {
            try {
                org.eclipse.paho.mqttv5.client.MqttConnectionOptions o =
                        new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
                o.setCleanStart(true);
                GatewayLogin login = logins.get(gateway);
                if (login != null) {
                    o.setUserName(login.username());
                    o.setPassword(login.passwordBytes());
                }
                org.eclipse.paho.mqttv5.common.MqttMessage will =
                        new org.eclipse.paho.mqttv5.common.MqttMessage(OFFLINE);
                will.setQos(1);
                will.setRetained(true);
                o.setWill(status(), will);
                org.eclipse.paho.mqttv5.client.IMqttToken t = client.connect(o);
                t.waitForCompletion(TIMEOUT_MS);
                Integer max = t.getResponseProperties() == null
                        ? null
                        : t.getResponseProperties().getReceiveMaximum();
                windowSize = max != null && max > 0 ? Math.min(WINDOW, max) : WINDOW;
                window = new Semaphore(windowSize);
                org.eclipse.paho.mqttv5.common.MqttMessage online =
                        new org.eclipse.paho.mqttv5.common.MqttMessage(ONLINE);
                online.setQos(1);
                online.setRetained(true);
                client.publish(status(), online).waitForCompletion(TIMEOUT_MS);
                recovered(gateway);
                return true;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                failed(gateway, "connect", e);
                return false;
            }
        }

        @Override
        public boolean publish(String topic, byte[] payload) {
            if (!client.isConnected()) {
                return false;
            }
            acquire();
            org.eclipse.paho.mqttv5.common.MqttMessage m = new org.eclipse.paho.mqttv5.common.MqttMessage(payload);
            m.setQos(1);
            Semaphore w = window;
            try {
                client.publish(topic, m, null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                    @Override
                    public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                        w.release();
                    }

                    @Override
                    public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
                        w.release();
                        failed(gateway, "publish to " + topic, e);
                    }
                });
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                w.release();
                failed(gateway, "publish to " + topic, e);
                return false;
            }
            return true;
        }

        @Override
        public void drop() {
            drain();
            try {
                // Reason code 4, "disconnect with Will message": the broker publishes the Last Will as it
                // would when the connection is lost in a tunnel.
                client.disconnect(TIMEOUT_MS, null, null, 4, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                        .waitForCompletion(TIMEOUT_MS);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                failed(gateway, "drop", e);
            }
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    drain();
                    org.eclipse.paho.mqttv5.common.MqttMessage offline =
                            new org.eclipse.paho.mqttv5.common.MqttMessage(OFFLINE);
                    offline.setQos(1);
                    offline.setRetained(true);
                    client.publish(status(), offline).waitForCompletion(TIMEOUT_MS);
                    client.disconnect().waitForCompletion(TIMEOUT_MS);
                }
                client.close();
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                failed(gateway, "close", e);
            }
        }
    }

    private final class V3 extends Base {
        private final org.eclipse.paho.client.mqttv3.MqttAsyncClient client;

        V3(String tenant, String gateway, String clientId) {
            super(tenant, gateway, clientId);
            try {
                client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                        brokerUrl, clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                throw new IllegalStateException("cannot create MQTT client for " + gateway, e);
            }
        }

        @Override
        public boolean connect() {
            try {
                org.eclipse.paho.client.mqttv3.MqttConnectOptions o =
                        new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
                o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
                o.setCleanSession(true);
                o.setMaxInflight(WINDOW);
                GatewayLogin login = logins.get(gateway);
                if (login != null) {
                    o.setUserName(login.username());
                    o.setPassword(login.password().toCharArray());
                }
                o.setWill(status(), OFFLINE, 1, true);
                client.connect(o).waitForCompletion(TIMEOUT_MS);
                windowSize = WINDOW;
                window = new Semaphore(windowSize);
                client.publish(status(), ONLINE, 1, true).waitForCompletion(TIMEOUT_MS);
                recovered(gateway);
                return true;
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                failed(gateway, "connect", e);
                return false;
            }
        }

        @Override
        public boolean publish(String topic, byte[] payload) {
            if (!client.isConnected()) {
                return false;
            }
            acquire();
            Semaphore w = window;
            try {
                client.publish(
                        topic, payload, 1, false, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                            @Override
                            public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                                w.release();
                            }

                            @Override
                            public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                                w.release();
                                failed(gateway, "publish to " + topic, e);
                            }
                        });
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                w.release();
                failed(gateway, "publish to " + topic, e);
                return false;
            }
            return true;
        }

        @Override
        public void drop() {
            drain();
            try {
                // No DISCONNECT packet: the broker sees the connection lost and publishes the Last Will.
                client.disconnectForcibly(0, TIMEOUT_MS, false);
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                failed(gateway, "drop", e);
            }
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    drain();
                    client.publish(status(), OFFLINE, 1, true).waitForCompletion(TIMEOUT_MS);
                    client.disconnect().waitForCompletion(TIMEOUT_MS);
                }
                client.close();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                failed(gateway, "close", e);
            }
        }
    }
}
