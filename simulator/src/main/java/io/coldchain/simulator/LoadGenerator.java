package io.coldchain.simulator;

import io.coldchain.simulator.gateway.GatewayLogin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Load mode: {@code gateways} gateways, each with {@code sensorsPerGateway} sensors, publish
 * contract-shaped JSON messages of {@code readingsPerMessage} readings at QoS 1 until
 * {@code totalReadings} are sent, as fast as the broker acknowledges (or paced to a target rate).
 * Every reading has a distinct (sensor, ts), so a correct backend stores exactly {@code totalReadings}.
 */
public final class LoadGenerator {

    /** What to publish. {@code ratePerSecond} 0 means as fast as possible. */
    public record Plan(
            String brokerUrl,
            String tenant,
            int gateways,
            int sensorsPerGateway,
            int readingsPerMessage,
            long totalReadings,
            long ratePerSecond,
            Instant firstTs,
            int maxInflightPerGateway,
            java.util.Map<String, GatewayLogin> logins) {

        /** Without logins: for a broker that lets anyone in. */
        public Plan(
                String brokerUrl,
                String tenant,
                int gateways,
                int sensorsPerGateway,
                int readingsPerMessage,
                long totalReadings,
                long ratePerSecond,
                Instant firstTs,
                int maxInflightPerGateway) {
            this(
                    brokerUrl,
                    tenant,
                    gateways,
                    sensorsPerGateway,
                    readingsPerMessage,
                    totalReadings,
                    ratePerSecond,
                    firstTs,
                    maxInflightPerGateway,
                    java.util.Map.of());
        }

        /** The same plan, each gateway logging in with its credential ({@link #gatewayId} to login). */
        public Plan withLogins(java.util.Map<String, GatewayLogin> l) {
            return new Plan(
                    brokerUrl,
                    tenant,
                    gateways,
                    sensorsPerGateway,
                    readingsPerMessage,
                    totalReadings,
                    ratePerSecond,
                    firstTs,
                    maxInflightPerGateway,
                    java.util.Map.copyOf(l));
        }

        /** The gateway ids this plan publishes as. */
        public java.util.List<String> gatewayIds() {
            return java.util.stream.IntStream.range(0, gateways)
                    .mapToObj(LoadGenerator::gatewayId)
                    .toList();
        }
    }

    /** What was published. */
    public record Result(long messages, long readings, long firstPublishNanos, long lastPubackNanos) {
        public double publishRate() {
            double s = (lastPubackNanos - firstPublishNanos) / 1e9;
            return s > 0 ? readings / s : 0;
        }
    }

    private final Plan plan;

    public LoadGenerator(Plan plan) {
        this.plan = plan;
    }

    public static String gatewayId(int g) {
        return "gw-" + g;
    }

    public static String sensorId(int g, int s) {
        return "gw-" + g + "-p" + s;
    }

    public Result run() throws MqttException, InterruptedException {
        List<MqttAsyncClient> clients = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        int window = plan.maxInflightPerGateway();
        for (int g = 0; g < plan.gateways(); g++) {
            MqttAsyncClient c = new MqttAsyncClient(plan.brokerUrl(), "load-" + run + "-" + g, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            GatewayLogin login = plan.logins().get(gatewayId(g));
            if (login != null) {
                o.setUserName(login.username());
                o.setPassword(login.passwordBytes());
            }
            IMqttToken connected = c.connect(o);
            connected.waitForCompletion(10_000);
            // The broker says how many unacknowledged publishes it accepts (Mosquitto: 20 by default);
            // Paho refuses to exceed it, so the window adapts.
            Integer serverMax = connected.getResponseProperties() == null
                    ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            if (serverMax != null && serverMax > 0) {
                window = Math.min(window, serverMax);
            }
            clients.add(c);
        }
        int inflight = window;
        long messagesPerGateway = plan.totalReadings() / plan.readingsPerMessage() / plan.gateways();
        AtomicLong last = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < plan.gateways(); g++) {
            int gw = g;
            Thread t = new Thread(
                    () -> publishAll(clients.get(gw), gw, messagesPerGateway, inflight, start, sent, last),
                    "load-" + g);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (MqttAsyncClient c : clients) {
            c.disconnect().waitForCompletion(5_000);
            c.close();
        }
        return new Result(sent.get(), sent.get() * plan.readingsPerMessage(), start, last.get());
    }

    private void publishAll(
            MqttAsyncClient client, int g, long messages, int inflight, long start, AtomicLong sent, AtomicLong last) {
        Semaphore window = new Semaphore(inflight);
        String topic = "coldchain/v1/" + plan.tenant() + "/" + gatewayId(g) + "/readings";
        long perGatewayRate = plan.ratePerSecond() / Math.max(1, plan.gateways());
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                last.accumulateAndGet(System.nanoTime(), Math::max);
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        try {
            for (long m = 0; m < messages; m++) {
                if (perGatewayRate > 0) {
                    long due = start + (long) (m * plan.readingsPerMessage() * 1e9 / perGatewayRate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                window.acquire();
                MqttMessage msg = new MqttMessage(payload(g, m));
                msg.setQos(1);
                client.publish(topic, msg, null, done);
                sent.incrementAndGet();
            }
            window.acquire(inflight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException e) {
            throw new IllegalStateException("publish failed for gateway " + g + ": " + e.getMessage(), e);
        }
    }

    /** The readings of {@link #payload(int, long)} as domain objects, for writing straight into the store. */
    public java.util.List<io.coldchain.core.model.Reading> readings(int g, long m, Instant receivedAt) {
        java.util.List<io.coldchain.core.model.Reading> out = new ArrayList<>(plan.readingsPerMessage());
        long base = m * plan.readingsPerMessage();
        long firstMs = plan.firstTs().toEpochMilli();
        for (int i = 0; i < plan.readingsPerMessage(); i++) {
            long n = base + i;
            int s = (int) (n % plan.sensorsPerGateway());
            long k = n / plan.sensorsPerGateway();
            out.add(new io.coldchain.core.model.Reading(
                    plan.tenant(),
                    gatewayId(g),
                    sensorId(g, s),
                    Instant.ofEpochMilli(firstMs + k * 1000),
                    4 + (n % 20) / 10.0,
                    (double) (80 + n % 5),
                    null,
                    false,
                    m,
                    receivedAt));
        }
        return out;
    }

    /**
     * Message {@code m} of gateway {@code g}: readings spread round-robin over the gateway's sensors,
     * each sensor's readings one second apart, so every (sensor, ts) is unique.
     */
    public byte[] payload(int g, long m) {
        StringBuilder sb = new StringBuilder(plan.readingsPerMessage() * 100 + 64);
        sb.append("{\"gateway\":\"")
                .append(gatewayId(g))
                .append("\",\"seq\":")
                .append(m)
                .append(",\"readings\":[");
        boolean first = true;
        for (io.coldchain.core.model.Reading r : readings(g, m, Instant.EPOCH)) {
            sb.append(first ? "" : ",")
                    .append("{\"sensor\":\"")
                    .append(r.sensor())
                    .append("\",\"ts\":")
                    .append(r.ts().toEpochMilli())
                    .append(",\"temp_c\":")
                    .append(r.tempC())
                    .append(",\"rh\":")
                    .append(r.rh())
                    .append(",\"door_open\":false}");
            first = false;
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
