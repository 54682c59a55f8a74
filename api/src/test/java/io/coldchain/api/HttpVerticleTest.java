package io.coldchain.api;

import static io.coldchain.api.TestApi.assertBadRequest;
import static io.coldchain.api.TestApi.assertError;
import static io.coldchain.api.TestApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.RejectedReading;
import io.coldchain.core.model.Rejection;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.ingest.store.RejectionStore.MessageRejection;
import io.coldchain.ingest.store.RejectionStore.ReadingRejection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The HTTP edge against a real PostgreSQL (testkit): a fresh, migrated database filled through the
 * ingest stores, the verticle on a free port, requests over real HTTP.
 */
class HttpVerticleTest {
    private static final String TENANT = "acme";
    private static final String SENSOR = "truck-017-p1";
    private static final String READINGS = "/api/v1/tenants/acme/sensors/truck-017-p1/readings";
    private static final Duration HOUR = Duration.ofHours(1);

    private static TestApi api;
    private static final AtomicBoolean broker = new AtomicBoolean(true);
    /** Event times of acme's readings of SENSOR within the last 24 hours, oldest first. */
    private static final List<Instant> recent = new ArrayList<>();

    private static Instant old;
    private static Instant rejectedMessageAt;
    private static Instant rejectedReadingsAt;

    private static String admin;
    private static String qa;
    private static String regulator;
    private static String otherTenant;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("api", 4, broker::get);
        fill();
        admin = api.token(TENANT, "admin", null);
        qa = api.token(TENANT, "qa", null);
        regulator = api.token(TENANT, "regulator", "320300");
        otherTenant = api.token("other", "admin", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    /** Readings (shuffled, as a replaying gateway would send them), rejections, an unassigned sensor. */
    private static void fill() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minus(Duration.ofHours(2));
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant ts = first.plus(Duration.ofMinutes(i));
            recent.add(ts);
            readings.add(new Reading(
                    TENANT,
                    "gw-1",
                    SENSOR,
                    ts,
                    4.0 + i / 10.0,
                    i % 2 == 0 ? 80.5 : null,
                    3.01,
                    i == 3 ? Boolean.TRUE : null,
                    1000L + i,
                    now));
        }
        old = now.minus(Duration.ofHours(30));
        readings.add(new Reading(TENANT, "gw-1", SENSOR, old, 5.0, null, null, null, null, now));
        // Same sensor id in another tenant: must never show up in acme's answers.
        readings.add(new Reading("other", "gw-9", SENSOR, first.plusSeconds(30), -18.0, null, null, null, null, now));
        Collections.shuffle(readings, new Random(7));

        rejectedMessageAt = now.minus(Duration.ofMinutes(30));
        rejectedReadingsAt = now.minus(Duration.ofMinutes(10));
        byte[] digest = new byte[32];
        digest[0] = 1;
        byte[] otherDigest = new byte[32];
        otherDigest[0] = 2;
        String topic = "coldchain/v1/acme/gw-1/readings";
        try (Connection c = api.pool.getConnection()) {
            var keys = new io.coldchain.ingest.store.SensorKeyStore()
                    .keys(
                            c,
                            readings.stream()
                                    .map(r -> new io.coldchain.ingest.store.SensorKeyStore.SensorKey(
                                            r.tenant(), r.sensor()))
                                    .distinct()
                                    .toList());
            int[] ids = readings.stream()
                    .mapToInt(r ->
                            keys.get(new io.coldchain.ingest.store.SensorKeyStore.SensorKey(r.tenant(), r.sensor())))
                    .toArray();
            c.setAutoCommit(false);
            ReadingStore store = new ReadingStore();
            store.insert(c, readings, ids);
            // noteUnassigned takes the first reading of each unregistered (sensor, gateway).
            store.noteUnassigned(
                    c, List.of(new Reading(TENANT, "gw-2", "probe-x", now, 4.0, null, null, null, null, now)));
            RejectionStore rejections = new RejectionStore();
            rejections.insertMessages(
                    c,
                    List.of(
                            new MessageRejection(
                                    digest,
                                    TENANT,
                                    "gw-1",
                                    topic,
                                    rejectedMessageAt,
                                    new Rejection(RejectReason.INVALID_JSON, null, "unexpected end of input"),
                                    "{\"gateway\":".getBytes(StandardCharsets.UTF_8)),
                            new MessageRejection(
                                    otherDigest,
                                    "other",
                                    "gw-9",
                                    "coldchain/v1/other/gw-9/readings",
                                    rejectedMessageAt,
                                    new Rejection(RejectReason.INVALID_JSON, null, "not JSON"),
                                    "x".getBytes(StandardCharsets.UTF_8))));
            byte[] acceptedDigest = new byte[32];
            acceptedDigest[0] = 3;
            rejections.insertReadings(
                    c,
                    List.of(
                            new ReadingRejection(
                                    acceptedDigest,
                                    TENANT,
                                    "gw-1",
                                    topic,
                                    rejectedReadingsAt,
                                    new RejectedReading(
                                            0,
                                            SENSOR,
                                            new Rejection(
                                                    RejectReason.OUT_OF_RANGE,
                                                    "readings[0].temp_c",
                                                    "temp_c 99 is above 80"),
                                            "{\"sensor\":\"truck-017-p1\",\"temp_c\":99}")),
                            new ReadingRejection(
                                    acceptedDigest,
                                    TENANT,
                                    "gw-1",
                                    topic,
                                    rejectedReadingsAt,
                                    new RejectedReading(
                                            2,
                                            null,
                                            new Rejection(
                                                    RejectReason.MISSING_FIELD,
                                                    "readings[2].sensor",
                                                    "sensor is missing"),
                                            "{\"temp_c\":4}"))));
            c.commit();
        }
    }

    // ---- readings -------------------------------------------------------------------------------

    @Test
    void readingsComeInEventTimeOrderFromInclusiveToExclusive() throws Exception {
        HttpResponse<String> r = api.get(READINGS + "?from=" + q(recent.get(2)) + "&to=" + q(recent.get(7)), qa);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("tenant")).isEqualTo(TENANT);
        assertThat(body.getString("sensor")).isEqualTo(SENSOR);
        assertThat(body.getString("from")).isEqualTo(recent.get(2).toString());
        assertThat(body.getString("to")).isEqualTo(recent.get(7).toString());
        assertThat(body.containsKey("next")).isFalse();
        assertThat(times(body)).containsExactlyElementsOf(recent.subList(2, 7));

        JsonObject third = body.getJsonArray("readings").getJsonObject(1); // i = 3
        assertThat(third.getDouble("temp_c")).isEqualTo(4.3);
        assertThat(third.containsKey("rh")).isTrue();
        assertThat(third.getValue("rh")).isNull();
        assertThat(third.getBoolean("door_open")).isTrue();
        assertThat(third.getDouble("battery_v")).isEqualTo(3.01);
        assertThat(third.getString("gateway")).isEqualTo("gw-1");
        assertThat(third.getLong("seq")).isEqualTo(1003L);
        assertThat(third.getString("received_at")).isNotBlank();
        assertThat(body.getJsonArray("readings").getJsonObject(0).getDouble("rh"))
                .isEqualTo(80.5);
    }

    @Test
    void withoutFromAndToTheLast24HoursAreShown() throws Exception {
        HttpResponse<String> r = api.get(READINGS, admin);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(times(new JsonObject(r.body())))
                .containsExactlyElementsOf(recent)
                .doesNotContain(old);

        HttpResponse<String> older = api.get(READINGS + "?from=" + q(old) + "&to=" + q(recent.get(0)), admin);
        assertThat(times(new JsonObject(older.body()))).containsExactly(old);
    }

    @Test
    void limitGivesNextAndFollowingItCompletesTheWindow() throws Exception {
        String from = q(recent.get(0).minusSeconds(1));
        String to = q(recent.get(9).plusSeconds(1));
        List<Instant> seen = new ArrayList<>();
        List<String> nexts = new ArrayList<>();
        String cursor = from;
        for (int page = 0; page < 5; page++) {
            JsonObject body = new JsonObject(api.get(READINGS + "?from=" + cursor + "&to=" + to + "&limit=4", qa)
                    .body());
            seen.addAll(times(body));
            if (!body.containsKey("next")) {
                break;
            }
            nexts.add(body.getString("next"));
            cursor = q(Instant.parse(body.getString("next")));
        }
        assertThat(seen).containsExactlyElementsOf(recent);
        assertThat(nexts)
                .containsExactly(recent.get(4).toString(), recent.get(8).toString());
    }

    @Test
    void offsetsAndAnUnencodedPlusAreUnderstood() throws Exception {
        // recent[2] written in +08:00, once encoded and once with the '+' left raw (it arrives as a space).
        String local = recent.get(2).atOffset(ZoneOffset.ofHours(8)).toString();
        HttpResponse<String> encoded = api.get(
                READINGS + "?from=" + URLEncoder.encode(local, StandardCharsets.UTF_8) + "&to=" + q(recent.get(3)), qa);
        assertThat(times(new JsonObject(encoded.body()))).containsExactly(recent.get(2));
        HttpResponse<String> raw = api.get(READINGS + "?from=" + local + "&to=" + q(recent.get(3)), qa);
        assertThat(times(new JsonObject(raw.body()))).containsExactly(recent.get(2));
    }

    @Test
    void anotherTenantsDataIsNotFound() throws Exception {
        HttpResponse<String> theirs = api.get(READINGS, otherTenant);
        HttpResponse<String> unknown = api.get("/api/v1/tenants/nobody/sensors/x/readings", admin);
        assertError(theirs, 404, "not_found");
        assertError(unknown, 404, "not_found");
        assertError(api.get("/api/v1/tenants/acme/rejections", otherTenant), 404, "not_found");
        assertError(api.get("/api/v1/tenants/acme/sensors/unassigned", otherTenant), 404, "not_found");
        // The other tenant sees its own reading, and only it.
        JsonObject own = new JsonObject(api.get("/api/v1/tenants/other/sensors/truck-017-p1/readings", otherTenant)
                .body());
        assertThat(own.getJsonArray("readings")).hasSize(1);
    }

    @Test
    void withoutAValidTokenItIs401() throws Exception {
        HttpResponse<String> none = api.get(READINGS, null);
        assertError(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertError(api.get(READINGS, "garbage"), 401, "unauthorized");
        assertError(
                api.send(HttpRequest.newBuilder(URI.create(api.base + READINGS))
                        .header("Authorization", "Basic dXNlcjpwdw==")),
                401,
                "unauthorized");

        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC);
        String expired = new TokenService(new AuthOptions(Optional.empty(), HOUR), api.dataDir, past)
                .issue(TENANT, "admin", Optional.empty(), HOUR);
        HttpResponse<String> r = api.get(READINGS, expired);
        assertError(r, 401, "unauthorized");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("expired");
        // Unknown paths under a tenant ask for a token first, so they reveal nothing either.
        assertError(api.get("/api/v1/tenants/acme/whatever", null), 401, "unauthorized");
    }

    @Test
    void regulatorsSeeNoUnregisteredSensorAndNoOperationalLists() throws Exception {
        assertError(api.get(READINGS, regulator), 404, "not_found");
        assertError(api.get("/api/v1/tenants/other/sensors/truck-017-p1/readings", regulator), 404, "not_found");
        assertError(api.get("/api/v1/tenants/acme/rejections", regulator), 403, "forbidden");
        assertError(api.get("/api/v1/tenants/acme/sensors/unassigned", regulator), 403, "forbidden");
    }

    @Test
    void badInputIs400NamingTheParameter() throws Exception {
        assertBadRequest(api.get(READINGS + "?from=yesterday", qa), "from", "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?to=2026-13-01T00:00:00Z", qa), "to", "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?from=2026-11-21T08:00:00", qa), "from", "invalid_parameter");
        assertBadRequest(
                api.get(READINGS + "?from=" + q(recent.get(5)) + "&to=" + q(recent.get(5)), qa),
                "before",
                "invalid_parameter");
        assertBadRequest(
                api.get(READINGS + "?from=" + q(recent.get(5)) + "&to=" + q(recent.get(1)), qa),
                "before",
                "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?limit=0", qa), "limit", "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?limit=100001", qa), "limit", "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?limit=ten", qa), "limit", "invalid_parameter");
        assertBadRequest(api.get(READINGS + "?limit=5&limit=6", qa), "limit", "invalid_parameter");
        assertBadRequest(api.get("/api/v1/tenants/acme/sensors/a%20b/readings", qa), "sensor", "invalid_identifier");
        assertBadRequest(
                api.get("/api/v1/tenants/" + "t".repeat(65) + "/rejections", qa), "tenant", "invalid_identifier");
        assertBadRequest(api.get("/api/v1/tenants/acme/rejections?limit=1001", qa), "limit", "invalid_parameter");
    }

    // ---- rejections and unassigned sensors --------------------------------------------------------

    @Test
    void rejectionsAreListedNewestFirst() throws Exception {
        for (String token : List.of(admin, qa)) {
            HttpResponse<String> r = api.get("/api/v1/tenants/acme/rejections", token);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject body = new JsonObject(r.body());
            JsonArray rows = body.getJsonArray("rejections");
            assertThat(rows).hasSize(3);
            assertThat(body.getBoolean("truncated")).isFalse();
            assertThat(body.containsKey("next_to")).isFalse();
            JsonObject reading = rows.getJsonObject(0);
            assertThat(reading.getString("kind")).isEqualTo("reading");
            assertThat(reading.getString("received_at")).isEqualTo(rejectedReadingsAt.toString());
            assertThat(rows.getJsonObject(1).getString("kind")).isEqualTo("reading");
            JsonObject message = rows.getJsonObject(2);
            assertThat(message.getString("kind")).isEqualTo("message");
            assertThat(message.getString("reason")).isEqualTo("invalid_json");
            assertThat(message.getString("payload")).isEqualTo("{\"gateway\":");
            assertThat(message.getInteger("payload_size")).isEqualTo(11);
            assertThat(message.getValue("sensor")).isNull();
            assertThat(message.getString("topic")).isEqualTo("coldchain/v1/acme/gw-1/readings");
        }
    }

    @Test
    void rejectionPagesNeverSplitOneInstant() throws Exception {
        // Two readings share one receive time: a page of 1 cannot end between them.
        JsonObject one = new JsonObject(
                api.get("/api/v1/tenants/acme/rejections?limit=1", qa).body());
        assertThat(one.getBoolean("truncated")).isTrue();
        assertThat(one.containsKey("next_to")).isFalse();
        assertThat(one.getJsonArray("rejections")).hasSize(1);

        JsonObject first = new JsonObject(
                api.get("/api/v1/tenants/acme/rejections?limit=2", qa).body());
        assertThat(first.getBoolean("truncated")).isTrue();
        assertThat(first.getJsonArray("rejections")).hasSize(2);
        String nextTo = first.getString("next_to");
        JsonObject second = new JsonObject(api.get(
                        "/api/v1/tenants/acme/rejections?limit=2&from=" + q(Instant.parse(first.getString("from")))
                                + "&to=" + q(Instant.parse(nextTo)),
                        qa)
                .body());
        assertThat(second.getBoolean("truncated")).isFalse();
        assertThat(second.getJsonArray("rejections")).hasSize(1);
        assertThat(second.getJsonArray("rejections").getJsonObject(0).getString("kind"))
                .isEqualTo("message");
    }

    @Test
    void unassignedSensorsAreListed() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/tenants/acme/sensors/unassigned", qa);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("tenant")).isEqualTo(TENANT);
        JsonArray sensors = body.getJsonArray("sensors");
        assertThat(sensors).hasSize(1);
        JsonObject row = sensors.getJsonObject(0);
        assertThat(row.getString("sensor")).isEqualTo("probe-x");
        assertThat(row.getString("gateway")).isEqualTo("gw-2");
        assertThat(Instant.parse(row.getString("first_seen"))).isEqualTo(Instant.parse(row.getString("last_seen")));
        assertThat(new JsonObject(api.get("/api/v1/tenants/other/sensors/unassigned", otherTenant)
                                .body())
                        .getJsonArray("sensors"))
                .isEmpty();
    }

    // ---- operations ---------------------------------------------------------------------------------

    @Test
    void healthIsUpWithDatabaseAndBrokerAnd503WithoutTheBroker() throws Exception {
        HttpResponse<String> up = api.get("/health", null);
        assertThat(up.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(up.body());
        assertThat(body.getString("status")).isEqualTo("up");
        assertThat(body.getJsonObject("database").getBoolean("up")).isTrue();
        assertThat(body.getJsonObject("broker").getBoolean("up")).isTrue();
        assertThat(body.getString("storage")).isEqualTo("plain PostgreSQL");

        broker.set(false);
        try {
            HttpResponse<String> down = api.get("/health", null);
            assertThat(down.statusCode()).isEqualTo(503);
            JsonObject downBody = new JsonObject(down.body());
            assertThat(downBody.getString("status")).isEqualTo("down");
            assertThat(downBody.getJsonObject("database").getBoolean("up")).isTrue();
            assertThat(downBody.getJsonObject("broker").getBoolean("up")).isFalse();
        } finally {
            broker.set(true);
        }
    }

    @Test
    void concurrentHealthProbesShareOneDatabaseCheck() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            probes.add(api.client.sendAsync(
                    HttpRequest.newBuilder(URI.create(api.base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var probe : probes) {
            HttpResponse<String> r = probe.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void healthIs503WhenTheDatabaseIsUnreachable() throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/nothing"); // nothing listens on port 1
        hc.setUsername("nobody");
        hc.setConnectionTimeout(250);
        hc.setInitializationFailTimeout(-1);
        try (HikariDataSource unreachable = new HikariDataSource(hc)) {
            HttpVerticle second = new HttpVerticle(
                    new HttpOptions("127.0.0.1", 0),
                    unreachable,
                    api.tokens,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    () -> true,
                    "plain PostgreSQL",
                    TestServices.standard());
            String id = await(api.vertx.deployVerticle(second));
            try {
                HttpResponse<String> r = api.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.actualPort() + "/health")));
                assertThat(r.statusCode()).isEqualTo(503);
                JsonObject body = new JsonObject(r.body());
                assertThat(body.getString("status")).isEqualTo("down");
                assertThat(body.getJsonObject("database").getBoolean("up")).isFalse();
                assertThat(body.getJsonObject("database").getString("detail"))
                        .isNotBlank()
                        .doesNotContain("127.0.0.1");
                assertThat(body.getJsonObject("broker").getBoolean("up")).isTrue();
            } finally {
                await(api.vertx.undeploy(id));
            }
        }
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        api.get("/health", null);
        api.get(READINGS, null); // refused, but still counted under its route template
        String health = "coldchain_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}";
        String refused = "coldchain_http_requests_seconds_count{method=\"GET\","
                + "route=\"/api/v1/tenants/{tenant}/sensors/{sensor}/readings\",status=\"401\"}";
        HttpResponse<String> r = null;
        // The request timer is recorded when a response ends, which may be just after the client has it.
        for (int i = 0; i < 50; i++) {
            r = api.get("/metrics", null);
            if (r.body().contains(health) && r.body().contains(refused)) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body())
                .contains("# TYPE coldchain_http_requests_seconds")
                .contains(health)
                .contains(refused);
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        assertError(api.get("/nothing-here", null), 404, "not_found");
        assertError(api.get("/api/v1/nothing", admin), 404, "not_found");
        assertError(api.get("/api/v1/tenants/acme/whatever", admin), 404, "not_found");
        assertError(
                api.send(
                        HttpRequest.newBuilder(URI.create(api.base + "/health")).DELETE()),
                404,
                "not_found");
    }

    @Test
    void bodiesOverTheLimitAreRefused() throws Exception {
        String big = "x".repeat((int) HttpVerticle.BODY_LIMIT_BYTES + 1);
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.base + READINGS))
                .header("Authorization", "Bearer " + qa)
                .method("GET", HttpRequest.BodyPublishers.ofString(big)));
        assertError(r, 413, "request_entity_too_large");
    }

    @Test
    void responsesAreCompressedWhenTheClientAsks() throws Exception {
        HttpResponse<byte[]> r = api.client.send(
                HttpRequest.newBuilder(URI.create(api.base + READINGS))
                        .header("Authorization", "Bearer " + qa)
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-encoding")).contains("gzip");
    }

    // ---- the OpenAPI document -----------------------------------------------------------------------

    @Test
    void openApiDocumentIsServedWithoutToken() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/yaml");
        Map<String, Object> doc = new Yaml().load(r.body());
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
    }

    /**
     * Every route the router serves is in the document, with its method, and the document has no other.
     * (That each documented request body allows and requires what its parser does is checked by
     * {@code WriteBodyFuzzTest.documentedRequestBodiesMatchTheParsers}, which has the valid bodies.)
     */
    @Test
    @SuppressWarnings("unchecked")
    void openApiDocumentAndRouterDoNotDrift() throws Exception {
        Map<String, Object> doc = TestApi.openApi();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        TreeMap<String, TreeSet<String>> documented = new TreeMap<>();
        paths.forEach((path, item) -> item.keySet().stream()
                .filter(k -> TestApi.HTTP_METHODS.contains(k))
                .forEach(m ->
                        documented.computeIfAbsent(path, p -> new TreeSet<>()).add(m.toUpperCase())));

        TreeMap<String, TreeSet<String>> routed = new TreeMap<>();
        api.verticle.router().getRoutes().stream()
                .filter(route -> route.getPath() != null
                        && route.methods() != null
                        && !route.methods().isEmpty())
                .forEach(route -> route.methods()
                        .forEach(m -> routed.computeIfAbsent(
                                        route.getPath().replaceAll(":(\\w+)", "{$1}"), p -> new TreeSet<>())
                                .add(m.name())));

        assertThat(routed).isNotEmpty().containsKey("/api/v1/tenants/{tenant}/sensors/{sensor}/readings");
        assertThat(documented).isEqualTo(routed);
    }

    /**
     * The readings, rejections and unassigned-sensor answers carry exactly what their schemas say:
     * no field the document does not name, and every field it requires (envelope and each row).
     */
    @Test
    void readingRejectionAndUnassignedAnswersMatchTheirSchemas() throws Exception {
        Map<String, Object> schemas = schemas();
        JsonObject readings = new JsonObject(
                api.get(READINGS + "?from=" + q(recent.get(0)) + "&to=" + q(recent.get(9)) + "&limit=3", qa)
                        .body());
        assertThat(readings.containsKey("next"))
                .as("a page that has a next, so that field is checked too")
                .isTrue();
        assertMatches(readings, "Readings", schemas);
        readings.getJsonArray("readings").forEach(o -> assertMatches((JsonObject) o, "Reading", schemas));

        JsonObject rejections =
                new JsonObject(api.get("/api/v1/tenants/acme/rejections", qa).body());
        assertThat(rejections.getJsonArray("rejections")).isNotEmpty();
        assertMatches(rejections, "Rejections", schemas);
        rejections.getJsonArray("rejections").forEach(o -> assertMatches((JsonObject) o, "Rejection", schemas));

        JsonObject unassigned = new JsonObject(
                api.get("/api/v1/tenants/acme/sensors/unassigned", qa).body());
        assertThat(unassigned.getJsonArray("sensors")).isNotEmpty();
        assertMatches(unassigned, "UnassignedSensors", schemas);
        unassigned.getJsonArray("sensors").forEach(o -> assertMatches((JsonObject) o, "UnassignedSensor", schemas));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas() throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) TestApi.openApi().get("components")).get("schemas");
    }

    @SuppressWarnings("unchecked")
    private static void assertMatches(JsonObject answer, String schemaName, Map<String, Object> schemas) {
        Map<String, Object> schema = (Map<String, Object>) schemas.get(schemaName);
        assertThat(schema).as("schema " + schemaName).isNotNull();
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        List<String> required = (List<String>) schema.getOrDefault("required", List.of());
        assertThat(properties.keySet())
                .as(schemaName + ": documented properties vs " + answer.encode())
                .containsAll(answer.fieldNames());
        assertThat(answer.fieldNames())
                .as(schemaName + ": required properties in " + answer.encode())
                .containsAll(required);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static List<Instant> times(JsonObject body) {
        List<Instant> out = new ArrayList<>();
        body.getJsonArray("readings").forEach(o -> out.add(Instant.parse(((JsonObject) o).getString("ts"))));
        return out;
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
