package io.coldchain.app;

import io.coldchain.simulator.LoadGenerator;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The alerting part of {@code bench}: how long from publishing the reading that completes an
 * excursion to the {@code opened} event on the tenant's MQTT alert topic, while background load
 * runs at a given rate.
 *
 * <p>The probe tenant has trucks of four probes each, every truck carrying a dairy batch,
 * registered through the HTTP API like any tenant's. Each probe publishes, for its own sensor, an in-range
 * reading and then one at 9 °C (the dairy profile's "above 8 °C at once" rule): one new episode,
 * one alert. The clock starts at the publish of the 9 °C reading and stops when its alert arrives.
 */
final class AlertLatencyProbe {
    private static final String TENANT = "bench-alerts";
    private static final String GATEWAY = "bench-truck";

    /** What the probe measured. */
    record Result(
            int probes,
            int received,
            double p50Ms,
            double p99Ms,
            double maxMs,
            long backgroundReadings,
            double backgroundRate,
            String slowest,
            String publishedAt) {}

    private final Backend backend;
    private final String broker;

    AlertLatencyProbe(Backend backend, String broker) {
        this.backend = backend;
        this.broker = broker;
    }

    Result run(int probes, Duration every, long backgroundRate, LoadGenerator.Plan background) throws Exception {
        BenchHttp admin = new BenchHttp(backend, TENANT, Duration.ofHours(1));
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        register(admin, probes, t0, Long.toString(System.currentTimeMillis(), 36));

        Map<String, Long> published = new ConcurrentHashMap<>();
        Map<String, Long> took = new ConcurrentHashMap<>();
        StringBuilder publishedAt = new StringBuilder();
        Histogram latency = new Histogram(60_000_000_000L, 3);
        CountDownLatch all = new CountDownLatch(probes);
        MqttClient sub = new MqttClient(broker, "bench-alert-sub-" + System.nanoTime(), new MemoryPersistence());
        MqttClient pub = new MqttClient(broker, "bench-alert-pub-" + System.nanoTime(), new MemoryPersistence());
        // Each with a credential of its own kind: the broker lets the subscriber only read alerts, the publisher only
        // publish readings.
        sub.connect(login(MqttLogins.alerts(backend, TENANT, "bench-alerts")));
        pub.connect(login(
                MqttLogins.gateways(backend, TENANT, java.util.List.of(GATEWAY)).get(GATEWAY)));
        IMqttMessageListener onAlert = (topic, message) -> {
            long now = System.nanoTime();
            JsonObject event = new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8));
            Long sent = "opened".equals(event.getString("event")) ? published.remove(event.getString("sensor")) : null;
            if (sent != null) {
                synchronized (latency) {
                    latency.recordValue(Math.max(1, now - sent));
                }
                took.put(event.getString("sensor"), now - sent);
                all.countDown();
            }
        };
        // The array form: Paho 1.2.5's single-subscription overload recurses.
        sub.subscribe(
                new MqttSubscription[] {new MqttSubscription("coldchain/v1/" + TENANT + "/alerts", 1)},
                new IMqttMessageListener[] {onAlert});

        LoadGenerator.Result[] load = new LoadGenerator.Result[1];
        Thread loadThread = new Thread(
                () -> {
                    try {
                        load[0] = new LoadGenerator(background).run();
                    } catch (Exception e) {
                        System.err.println("background load stopped: " + e.getMessage());
                    }
                },
                "bench-alert-load");
        loadThread.start();
        Thread.sleep(2000); // let the background load reach its rate
        try {
            for (int i = 0; i < probes; i++) {
                String sensor = sensor(i);
                Instant ts = t0.plus(Duration.ofMinutes(10));
                publish(pub, sensor, ts, 4.0);
                published.put(sensor, System.nanoTime());
                publishedAt.append(sensor).append('@').append(Instant.now()).append(' ');
                publish(pub, sensor, ts.plus(Duration.ofMinutes(1)), 9.0);
                Thread.sleep(every.toMillis());
            }
            all.await(30, TimeUnit.SECONDS);
        } finally {
            loadThread.join();
            sub.disconnect();
            pub.disconnect();
            sub.close();
            pub.close();
        }
        LoadGenerator.Result l = load[0];
        return new Result(
                probes,
                (int) latency.getTotalCount(),
                latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6,
                latency.getMaxValue() / 1e6,
                l == null ? 0 : l.readings(),
                l == null ? 0 : l.publishRate(),
                slowest(took, 5),
                publishedAt.toString().trim() + "; took " + took);
    }

    /** The {@code n} slowest probes, slowest first ("probe-17 3063 ms, …"): when in the run the tail came. */
    private static String slowest(Map<String, Long> took, int n) {
        return took.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .map(e -> e.getKey() + " " + e.getValue() / 1_000_000 + " ms")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static MqttConnectionOptions login(io.coldchain.simulator.gateway.GatewayLogin login) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(login.username());
        options.setPassword(login.passwordBytes());
        return options;
    }

    private static String sensor(int i) {
        return "probe-" + i;
    }

    private static void publish(MqttClient pub, String sensor, Instant ts, double temp) throws Exception {
        String payload = "{\"gateway\":\"" + GATEWAY + "\",\"readings\":[{\"sensor\":\"" + sensor + "\",\"ts\":\"" + ts
                + "\",\"temp_c\":" + temp + "}]}";
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        pub.publish("coldchain/v1/" + TENANT + "/" + GATEWAY + "/readings", m);
    }

    /** Probe sensors per truck: a refrigerated truck carries a few probes, not hundreds. */
    private static final int PROBES_PER_TRUCK = 4;

    /**
     * A site pair, one truck per {@link #PROBES_PER_TRUCK} probe sensors, each truck carrying its own
     * dairy batch on a shipment.
     */
    private static void register(BenchHttp admin, int probes, Instant t0, String run) throws Exception {
        for (String site : new String[] {"bench-depot", "bench-store"}) {
            admin.put(
                    "/sites/" + site,
                    new JsonObject()
                            .put("name", site)
                            .put("kind", "depot")
                            .put("region", "320300")
                            .put("address", "bench"));
        }
        admin.put("/products/bench-milk", new JsonObject().put("name", "Milk").put("profile", "dairy-chilled"));
        for (int truck = 0; truck * PROBES_PER_TRUCK < probes; truck++) {
            String asset = "bench-truck-" + truck;
            admin.put(
                    "/assets/" + asset,
                    new JsonObject().put("name", "Bench truck " + truck).put("kind", "truck"));
            for (int i = truck * PROBES_PER_TRUCK; i < Math.min(probes, (truck + 1) * PROBES_PER_TRUCK); i++) {
                admin.put(
                        "/sensors/" + sensor(i),
                        new JsonObject().put("gateway", GATEWAY).put("asset", asset));
            }
            String lot = "bench-lot-" + run + "-" + truck;
            admin.put(
                    "/batches/" + lot,
                    new JsonObject()
                            .put("sku", "bench-milk")
                            .put("produced_at", t0.minus(Duration.ofDays(1)).toString())
                            .put("expires_at", t0.plus(Duration.ofDays(10)).toString()));
            admin.post(
                    "/shipments",
                    new JsonObject()
                            .put("id", "bench-ship-" + run + "-" + truck)
                            .put("asset", asset)
                            .put("batches", new io.vertx.core.json.JsonArray().add(lot))
                            .put("origin", "bench-depot")
                            .put("destination", "bench-store")
                            .put("departed_at", t0.toString()));
        }
    }
}
