package io.coldchain.ingest.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A gateway as real ones behave across broker outages: publishes its messages in order at QoS 1,
 * one at a time, and a message counts as sent only when the broker acknowledged it (PUBACK); on any
 * failure it reconnects and sends the same message again. Each message carries {@code perMessage}
 * readings of sensors of its own at one timestamp, so that every reading has its own key.
 */
final class ResendingGateway implements Runnable {
    private final String url;
    private final String tenant;
    private final String gateway;
    private final int messages;
    private final int perMessage;
    private final Instant t0;
    private final long pauseMs;
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger resent = new AtomicInteger();
    volatile Throwable failure;

    /** @param pauseMs pause after each acknowledged message: a fleet's pace rather than a flood */
    ResendingGateway(
            String url, String tenant, String gateway, int messages, int perMessage, Instant t0, long pauseMs) {
        this.pauseMs = pauseMs;
        this.url = url;
        this.tenant = tenant;
        this.gateway = gateway;
        this.messages = messages;
        this.perMessage = perMessage;
        this.t0 = t0;
    }

    long readings() {
        return (long) messages * perMessage;
    }

    @Override
    public void run() {
        MqttClient c = null;
        try {
            c = new MqttClient(
                    url, gateway + "-" + UUID.randomUUID().toString().substring(0, 6), new MemoryPersistence());
            c.setTimeToWait(5_000);
            String topic = "coldchain/v1/" + tenant + "/" + gateway + "/readings";
            for (int m = 0; m < messages; m++) {
                MqttMessage msg = new MqttMessage(payload(m).getBytes(StandardCharsets.UTF_8));
                msg.setQos(1);
                boolean first = true;
                while (true) {
                    try {
                        if (!c.isConnected()) {
                            MqttConnectionOptions o = new MqttConnectionOptions();
                            o.setCleanStart(true);
                            o.setConnectionTimeout(2);
                            c.connect(o);
                        }
                        c.publish(topic, msg);
                        acknowledged.incrementAndGet();
                        break;
                    } catch (MqttException e) {
                        if (!first) {
                            Thread.sleep(100);
                        }
                        first = false;
                        resent.incrementAndGet();
                        if (c.isConnected()) {
                            try {
                                c.disconnectForcibly(0, 500);
                            } catch (MqttException ignored) {
                                // the connection is being dropped anyway
                            }
                        }
                    }
                }
                Thread.sleep(pauseMs);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (c != null) {
                try {
                    if (c.isConnected()) {
                        c.disconnect();
                    }
                    c.close();
                } catch (MqttException ignored) {
                    // closing
                }
            }
        }
    }

    private String payload(int m) {
        StringBuilder sb = new StringBuilder("{\"gateway\":\"")
                .append(gateway)
                .append("\",\"seq\":")
                .append(m)
                .append(",\"readings\":[");
        for (int i = 0; i < perMessage; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"sensor\":\"")
                    .append(gateway)
                    .append("-p")
                    .append(i)
                    .append("\",\"ts\":")
                    .append(t0.toEpochMilli() + m * 1000L)
                    .append(",\"temp_c\":")
                    .append(3 + (m % 30) / 10.0)
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
