package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench records}: a store with {@code --sensors} sensors reading once a minute for
 * {@code --days} days (20 × 30 days ≈ 864,000 readings), sealed; then the site's temperature log is
 * asked for over real HTTP, as JSON and as PDF, and the latencies printed (p50, p95, max), with the
 * integrity check of the whole period. The last line is a one-line summary.
 */
@Command(
        name = "records",
        mixinStandardHelpOptions = true,
        description = "Measure the records endpoints on a store of 20 sensors at one reading a minute over 30 days.")
public final class RecordsBenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(
            names = "--sensors",
            defaultValue = "20",
            description = "Sensors in the store, two per display case (default ${DEFAULT-VALUE}).")
    int sensors;

    @Option(
            names = "--days",
            defaultValue = "30",
            description = "Days of readings, one a minute (default ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--json-requests",
            defaultValue = "40",
            description = "Measured JSON requests (default ${DEFAULT-VALUE}).")
    int jsonRequests;

    @Option(
            names = "--pdf-requests",
            defaultValue = "15",
            description = "Measured PDF requests (default ${DEFAULT-VALUE}).")
    int pdfRequests;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        BenchConfig bench = BenchConfig.load(config, "coldchain-bench-records");
        ColdchainConfig cfg = bench.config;
        String summary;
        String tenant;
        String token;
        String logPath;
        try (Backend backend = new Backend(cfg).start()) {
            tenant = "bench-rec-" + Long.toString(System.currentTimeMillis(), 36);
            token = new TokenService(cfg.auth(), cfg.dataDir())
                    .issue(tenant, "qa", Optional.empty(), Duration.ofHours(2));
            String admin = new TokenService(cfg.auth(), cfg.dataDir())
                    .issue(tenant, "admin", Optional.empty(), Duration.ofHours(2));
            String base = "http://127.0.0.1:" + backend.httpPort() + "/api/v1/tenants/" + tenant;
            System.out.printf(
                    "Coldchain records bench on %d cores, heap max %d MB, %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    backend.storage().timescale()
                            ? "TimescaleDB " + backend.storage().version()
                            : "plain PostgreSQL");

            Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant from = to.minus(Duration.ofDays(days));
            put(
                    base + "/sites/store-1",
                    "{\"name\":\"Bench store\",\"kind\":\"store\",\"region\":\"320300\",\"address\":\"1 Bench Rd\"}",
                    admin);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < sensors; i++) {
                String asset = "case-" + (i / 2);
                if (i % 2 == 0) {
                    put(
                            base + "/assets/" + asset,
                            "{\"name\":\"Display case " + (i / 2)
                                    + "\",\"kind\":\"display_case\",\"site\":\"store-1\",\"profile\":\"dairy-chilled\"}",
                            admin);
                }
                String sensor = asset + "-p" + (i % 2);
                put(
                        base + "/sensors/" + sensor,
                        "{\"gateway\":\"gw-bench\",\"asset\":\"" + asset + "\",\"expected_interval_s\":60}",
                        admin);
                ids.add(sensor);
            }
            long t0 = System.nanoTime();
            long stored = load(backend, tenant, ids, from, to);
            System.out.printf(
                    "Loaded %,d readings (%d sensors x %d days, one a minute) in %.1f s%n",
                    stored, sensors, days, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (Connection c = backend.pool().getConnection()) {
                var sealed = new DaySealer(
                                new DigestStore(),
                                cfg.records().sealMargin(),
                                cfg.records().resealWindow())
                        .run(c, Instant.now());
                System.out.printf("Sealed %d sensor-days in %.1f s%n", sealed.sealed(), (System.nanoTime() - t0) / 1e9);
            }

            logPath = "/api/v1/tenants/" + tenant + "/sites/store-1/temperature-log?from=" + from + "&to=" + to;
            String log = base + "/sites/store-1/temperature-log?from=" + from + "&to=" + to;
            double[] json = measure(log, token, 5, jsonRequests);
            System.out.printf(
                    "Temperature log, JSON, %d days x %d sensors: first request %.0f ms (sealed days summarised now),"
                            + " then p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d requests, %,d bytes)%n",
                    days, sensors, json[4], json[0], json[1], json[2], jsonRequests, (long) json[3]);
            double[] pdf = measure(log + "&format=pdf&lang=zh", token, 2, pdfRequests);
            System.out.printf(
                    "Temperature log, PDF (zh): p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d requests, %,d bytes)%n",
                    pdf[0], pdf[1], pdf[2], pdfRequests, (long) pdf[3]);
            double[] csv = measure(log + "&format=csv", token, 1, 5);
            System.out.printf(
                    "Temperature log, CSV: p50 %.0f ms, max %.0f ms (5 requests, %,d bytes)%n",
                    csv[0], csv[2], (long) csv[3]);
            double[] integrity = measure(base + "/integrity?from=" + from + "&to=" + to, token, 1, 3);
            System.out.printf(
                    "Integrity check of every sealed day (recomputes %,d readings): p50 %.0f ms, max %.0f ms (3 requests)%n",
                    stored, integrity[0], integrity[2]);
            System.out.printf(
                    "Targets: JSON p95 < 300 ms: %s; PDF p95 < 2 s: %s%n",
                    json[1] < 300 ? "met" : "NOT met", pdf[1] < 2000 ? "met" : "NOT met");
            summary = String.format(
                    "SUMMARY readings=%d json_first_ms=%.0f json_p50_ms=%.0f json_p95_ms=%.0f pdf_p50_ms=%.0f pdf_p95_ms=%.0f csv_p50_ms=%.0f integrity_ms=%.0f",
                    stored, json[4], json[0], json[1], pdf[0], pdf[1], csv[0], integrity[0]);
        } catch (Exception e) {
            bench.close();
            throw e;
        }
        try (Backend restarted = new Backend(cfg).start()) {
            // The same database after a restart: the day summaries are read from day_summaries, not recomputed.
            long t = System.nanoTime();
            get("http://127.0.0.1:" + restarted.httpPort() + logPath, token);
            double first = (System.nanoTime() - t) / 1e6;
            System.out.printf("Temperature log, JSON, first request after a restart: %.0f ms%n", first);
            summary += String.format(" json_first_after_restart_ms=%.0f", first);
        } finally {
            bench.close();
        }
        System.out.println(summary);
        return 0;
    }

    /** One reading a minute per sensor, stored through ingest's ReadingStore a day per transaction. */
    private static long load(Backend backend, String tenant, List<String> sensors, Instant from, Instant to)
            throws Exception {
        ReadingStore store = new ReadingStore();
        long total = 0;
        try (Connection c = backend.pool().getConnection()) {
            c.setAutoCommit(false);
            Map<SensorKey, Integer> keys = new SensorKeyStore()
                    .keys(c, sensors.stream().map(s -> new SensorKey(tenant, s)).toList());
            c.commit();
            for (int s = 0; s < sensors.size(); s++) {
                String sensor = sensors.get(s);
                int id = keys.get(new SensorKey(tenant, sensor));
                for (Instant day = from; day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
                    List<Reading> rows = new ArrayList<>(1440);
                    for (int m = 0; m < 1440; m++) {
                        double phase = (day.getEpochSecond() / 60 + m) / 1440.0 * 2 * Math.PI;
                        // A daily swing around 4 °C, and a door left open for 40 minutes every fifth day.
                        double temp = 4.0
                                + 1.2 * Math.sin(phase + s)
                                + (day.getEpochSecond() / 86_400 % 5 == 0 && m >= 600 && m < 640 ? 4.0 : 0);
                        rows.add(new Reading(
                                tenant,
                                "gw-bench",
                                sensor,
                                day.plus(Duration.ofMinutes(m)),
                                Math.round(temp * 100) / 100.0,
                                80.0,
                                3.0,
                                false,
                                null,
                                // Received as taken (a live store, not a backlog): the days are settled and sealed.
                                day.plus(Duration.ofMinutes(m)).plusSeconds(5)));
                    }
                    int[] ids = new int[rows.size()];
                    Arrays.fill(ids, id);
                    total += store.insert(c, rows, ids).inserted();
                    c.commit();
                }
            }
        }
        return total;
    }

    /**
     * Warm-up, then {@code n} sequential requests: {p50, p95, max} in ms, the last body size, and the
     * time of the very first request (cold: nothing summarised yet).
     */
    private double[] measure(String url, String token, int warmup, int n) throws Exception {
        long size = 0;
        double cold = 0;
        for (int i = 0; i < warmup; i++) {
            long t = System.nanoTime();
            size = get(url, token);
            if (i == 0) {
                cold = (System.nanoTime() - t) / 1e6;
            }
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            size = get(url, token);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[(int) Math.ceil(0.50 * n) - 1], ms[(int) Math.ceil(0.95 * n) - 1], ms[n - 1], size, cold
        };
    }

    private long get(String url, String token) throws Exception {
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return r.body().length;
    }

    private void put(String url, String body, String token) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
