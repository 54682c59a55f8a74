package io.coldchain.app;

import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.simulator.LoadGenerator;
import io.coldchain.simulator.gateway.GatewayLogin;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench --registered}: one tenant whose every load sensor is registered, bound to its
 * gateway, in a cold room of {@link #SENSORS_PER_ROOM} probes that holds a batch of a dairy product,
 * so that ingest queues every reading for alerting and the evaluator runs the profile's rules on it.
 * Registered through the HTTP API (closest to users), rooms in parallel.
 *
 * <p>Also the tenant's event-time clock: every series of readings (warm-up rounds, the measured run,
 * the alert probe's background) follows the previous one, as a live sensor's would, and the measured
 * run ends about a minute before the wall clock: the evaluator sees live data, not a backlog, and
 * the live gap sweep (sensors silent in event time for over 10 minutes) has nothing to queue.
 */
final class BenchRegistry {
    /**
     * Chilled dairy keeps 2–6 °C: above 6 °C for 30 minutes is a warning, above 8 °C at once or
     * 2 h above 6 °C in all critical, below 0 °C for an hour critical. The load's 4.0–5.9 °C raises none.
     */
    static final String PROFILE = "dairy-chilled";

    static final int SENSORS_PER_ROOM = 10;
    private static final int PARALLEL_REQUESTS = 8;
    /** A hole longer than a cold room's allowed silence (35 minutes by default) would be a data gap. */
    private static final Duration MAX_JUMP = Duration.ofMinutes(30);

    private final Backend backend;
    private final String tenant;
    private final int gateways;
    private final int perGateway;
    private Map<String, GatewayLogin> logins;
    private Instant next;

    BenchRegistry(Backend backend, String tenant, int gateways, int perGateway) {
        this.backend = backend;
        this.tenant = tenant;
        this.gateways = gateways;
        this.perGateway = perGateway;
    }

    String tenant() {
        return tenant;
    }

    int sensors() {
        return gateways * perGateway;
    }

    /**
     * Registers every sensor; the clock starts so that {@code plannedReadings} (all rounds and the
     * measured run) would end a minute before now. Returns how long the registration took.
     */
    Duration register(long plannedReadings) throws Exception {
        next = Instant.now()
                .minus(span(plannedReadings))
                .minus(Duration.ofMinutes(1))
                .truncatedTo(ChronoUnit.SECONDS);
        Instant from = next.minus(Duration.ofHours(1));
        long t0 = System.nanoTime();
        BenchHttp admin = new BenchHttp(backend, tenant, Duration.ofHours(6));
        admin.put(
                "/sites/bench-warehouse",
                new JsonObject()
                        .put("name", "Bench warehouse")
                        .put("kind", "warehouse")
                        .put("region", "320300")
                        .put("address", "bench"));
        admin.put("/products/bench-milk", new JsonObject().put("name", "Milk").put("profile", PROFILE));
        int rooms = (sensors() + SENSORS_PER_ROOM - 1) / SENSORS_PER_ROOM;
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                int room = r;
                done.add(pool.submit(() -> {
                    registerRoom(admin, room, from);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        logins = MqttLogins.gateways(
                backend,
                tenant,
                java.util.stream.IntStream.range(0, gateways)
                        .mapToObj(LoadGenerator::gatewayId)
                        .toList());
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** One cold room, its probes (sensor {@code n} is the load's {@code n % perGateway} of gateway {@code n / perGateway}), and a batch placed in it. */
    private void registerRoom(BenchHttp admin, int room, Instant from) throws Exception {
        String asset = "bench-room-" + room;
        admin.put(
                "/assets/" + asset,
                new JsonObject()
                        .put("name", "Bench cold room " + room)
                        .put("kind", "cold_room")
                        .put("site", "bench-warehouse"));
        for (int n = room * SENSORS_PER_ROOM; n < Math.min(sensors(), (room + 1) * SENSORS_PER_ROOM); n++) {
            int g = n / perGateway;
            admin.put(
                    "/sensors/" + LoadGenerator.sensorId(g, n % perGateway),
                    new JsonObject().put("gateway", LoadGenerator.gatewayId(g)).put("asset", asset));
        }
        String lot = "bench-lot-" + room;
        admin.put(
                "/batches/" + lot,
                new JsonObject()
                        .put("sku", "bench-milk")
                        .put("produced_at", from.minus(Duration.ofDays(1)).toString())
                        .put(
                                "expires_at",
                                Instant.now()
                                        .plus(Duration.ofDays(30))
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString()));
        admin.post(
                "/placements",
                new JsonObject().put("lot", lot).put("asset", asset).put("from", from.toString()));
    }

    /** The gateways' MQTT logins, issued once for every series. */
    Map<String, GatewayLogin> logins() {
        return logins;
    }

    /** The first event time of the next {@code n} readings, which follow the previous series. */
    Instant take(long n) {
        Instant first = next;
        next = first.plus(span(n));
        return first;
    }

    /**
     * Like {@link #take}, but jumps ahead (at most {@link #MAX_JUMP}, no gap) so that these readings
     * end about a minute before now: warm-up rounds the bench left out would otherwise leave the
     * measured run in the past.
     */
    Instant takeEndingNow(long n) {
        Instant target =
                Instant.now().minus(span(n)).minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        if (target.isAfter(next)) {
            next = target.isAfter(next.plus(MAX_JUMP)) ? next.plus(MAX_JUMP) : target;
        }
        return take(n);
    }

    /** How many of {@code n} readings fit before the clock fault limit (5 minutes ahead), with a minute to spare. */
    long fitting(long n) {
        long seconds = Duration.between(next, Instant.now().plus(Duration.ofMinutes(4)))
                .toSeconds();
        return Math.max(0, Math.min(n, (seconds - 1) * sensors()));
    }

    /** Event-time seconds that {@code n} readings take: one reading a second per sensor, plus one. */
    private Duration span(long n) {
        return Duration.ofSeconds((n + sensors() - 1) / sensors() + 1);
    }

    /** Sensors' changes waiting for the alert evaluator (rows of {@code reading_changes}). */
    static long backlog(Backend backend) throws Exception {
        try (Connection c = backend.pool().getConnection()) {
            return new ReadingChangeStore().backlog(c);
        }
    }

    /** Waits until the evaluator's queue is empty; how long that took, or null after {@code max}. */
    static Duration drain(Backend backend, Duration max) throws Exception {
        long t0 = System.nanoTime();
        while (backlog(backend) > 0) {
            if (System.nanoTime() - t0 > max.toNanos()) {
                return null;
            }
            // Not faster: count(*) over a queue of 100,000s of rows is itself database work.
            Thread.sleep(500);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
