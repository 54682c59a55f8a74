package io.coldchain.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A gateway as a careful one behaves across broker and backend outages: QoS 1, one message at a
 * time, and a message counts as sent only when its PUBACK came; on any failure (connection lost,
 * broker gone, refused) it reconnects and sends the same message again. It never sends again what
 * was acknowledged, so a reading acknowledged but not stored would be missing for good: what the
 * durability tests count.
 *
 * <p>Message {@code m} carries {@code perMessage} readings of the gateway's own sensors
 * ({@code {gateway}-p0…}) at {@code t0 + m} seconds, so every reading has a key of its own.
 */
public final class ResendingGateway implements Runnable {
    private final String brokerUrl;
    private final String tenant;
    private final String gateway;
    private final int messages;
    private final int perMessage;
    private final Instant t0;
    private final Duration giveUp;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private volatile Throwable failure;
    private MqttClient client;
    /** The gateway's MQTT credential (the embedded broker refuses anonymous clients); none for an open broker. */
    private TestCredentials.Login login;
    /** Pause after each acknowledged message: a fleet's pace rather than a flood. */
    private Duration pace = Duration.ZERO;

    /** @param giveUp how long the whole run may take before the gateway gives up (and records a failure) */
    public ResendingGateway(
            String brokerUrl,
            String tenant,
            String gateway,
            int messages,
            int perMessage,
            Instant t0,
            Duration giveUp) {
        this.brokerUrl = brokerUrl;
        this.tenant = tenant;
        this.gateway = gateway;
        this.messages = messages;
        this.perMessage = perMessage;
        this.t0 = t0;
        this.giveUp = giveUp;
    }

    /** Connects with this credential from now on. */
    public ResendingGateway withLogin(TestCredentials.Login login) {
        this.login = login;
        return this;
    }

    /** Pauses this long after each acknowledged message. */
    public ResendingGateway withPace(Duration pace) {
        this.pace = pace;
        return this;
    }

    /** All readings this gateway sends, once each. */
    public long readings() {
        return (long) messages * perMessage;
    }

    /** Messages acknowledged by the broker so far. */
    public int acknowledged() {
        return acknowledged.get();
    }

    /** Times a message had to be sent again. */
    public int resent() {
        return resent.get();
    }

    /** Why the gateway stopped before sending everything; null while running and after a clean end. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + giveUp.toNanos();
        String topic = "coldchain/v1/" + tenant + "/" + gateway + "/readings";
        try {
            for (int m = 0; m < messages; m++) {
                byte[] payload = payload(m);
                while (true) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                gateway + ": message " + m + " not acknowledged within " + giveUp);
                    }
                    try {
                        connected().publish(topic, message(payload));
                        acknowledged.incrementAndGet();
                        break;
                    } catch (MqttException e) {
                        resent.incrementAndGet();
                        drop();
                        Thread.sleep(200); // a gateway's reconnect pause, not a wait for a condition
                    }
                }
                if (!pace.isZero()) {
                    Thread.sleep(pace.toMillis());
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            drop();
        }
    }

    private byte[] payload(int m) {
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
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MqttMessage message(byte[] payload) {
        MqttMessage msg = new MqttMessage(payload);
        msg.setQos(1);
        return msg;
    }

    private MqttClient connected() throws MqttException {
        if (client == null || !client.isConnected()) {
            drop();
            MqttClient c = new MqttClient(
                    brokerUrl, gateway + "-" + UUID.randomUUID().toString().substring(0, 6), new MemoryPersistence());
            // Long enough for a commit held back by a database outage (the embedded broker answers within 30 s).
            c.setTimeToWait(120_000);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setConnectionTimeout(5);
            o.setKeepAliveInterval(10);
            if (login != null) {
                o.setUserName(login.username());
                o.setPassword(login.passwordBytes());
            }
            c.connect(o);
            client = c;
        }
        return client;
    }

    private void drop() {
        if (client != null) {
            try {
                client.disconnectForcibly(0, 100, false);
            } catch (MqttException | RuntimeException e) {
                // already gone
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                // already gone
            }
            client = null;
        }
    }
}
