package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What one ingest consumer asks of the broker: a persistent session (its connect options) and its
 * subscriptions. Every filter goes in a SUBSCRIBE of its own: a multi-filter SUBSCRIBE can leave
 * HiveMQ CE's shared subscription idle.
 */
final class ConsumerSubscriptions {
    private final MqttOptions options;
    private final int index;
    /** Readings come in-process (the embedded broker): this connection takes gateway status only. */
    private final boolean statusOnly;

    ConsumerSubscriptions(MqttOptions options, int index, boolean statusOnly) {
        this.options = options;
        this.index = index;
        this.statusOnly = statusOnly;
    }

    /** Clean start off, session expiry and receive maximum from config, no automatic reconnect. */
    MqttConnectionOptions connectOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setReceiveMaximum(options.receiveMaximum());
        // We reconnect ourselves (see MqttIngestVerticle.reconnect): Paho's backoff doubles up to its
        // maximum, and while it waits the broker may already be back.
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (options.brokerUrl().startsWith("tcp://")) {
            o.setSocketFactory(new BufferedSocketFactory());
        }
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        return o;
    }

    /** The readings and SenML filters as this instance subscribes to them (shared or plain). */
    String[] readingFilters() {
        if (statusOnly) {
            return new String[0];
        }
        String prefix = options.shared() ? "$share/" + options.shareGroup() + "/" : "";
        return new String[] {prefix + MqttIngestVerticle.READINGS_FILTER, prefix + MqttIngestVerticle.SENML_FILTER};
    }

    /** One filter per SUBSCRIBE, in turn; a refused filter fails the whole. */
    Future<Void> subscribe(Context context, MqttAsyncClient client) {
        Future<Void> chain = Future.succeededFuture();
        for (String filter : readingFilters()) {
            chain = chain.compose(v -> subscribeOne(context, client, filter));
        }
        // Status is retained, and retained messages are not sent on shared subscriptions: it is a
        // plain subscription, taken by consumer 0 only.
        return index == 0 ? chain.compose(v -> subscribeOne(context, client, MqttIngestVerticle.STATUS_FILTER)) : chain;
    }

    private static Future<Void> subscribeOne(Context context, MqttAsyncClient client, String filter) {
        return PahoFutures.of(
                context,
                listener -> client.subscribe(
                        new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, listener, new MqttProperties()),
                t -> {
                    int[] codes = t.getReasonCodes();
                    // SUBACK reason codes >= 0x80 are refusals (0x87 not authorized, 0x9E shared subscriptions
                    // not supported).
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        throw new IllegalStateException("the broker refused the subscription to " + filter
                                + " (reason code 0x" + Integer.toHexString(codes[0])
                                + "); check the backend's broker user and its ACL");
                    }
                });
    }
}
