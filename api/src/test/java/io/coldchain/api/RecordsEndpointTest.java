package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The records endpoints over real HTTP against a real PostgreSQL: integrity (tampering and late
 * data), calibrations, temperature logs in three formats, batch traces, and who may read them
 * (regulators: their region, any tenant; never write).
 */
class RecordsEndpointTest {
    private static final String T = "/api/v1/tenants/acme";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Three closed days, well before now, so that they can be sealed. */
    private static final Instant DAY1 =
            Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(4));

    private static Vertx vertx;
    private static HikariDataSource pool;
    private static String base;
    private static String admin;
    private static String qa;
    private static String regulator;
    private static String regulatorElsewhere;
    private static String regulatorOfAnotherTenant;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("records_api"), db.user(), db.password(), 4, "records-api-test");
        Database.migrate(pool, StorageOptions.defaults());
        TokenService tokens = new TokenService(
                new AuthOptions(Optional.empty(), Duration.ofHours(12)),
                Files.createTempDirectory("coldchain-records-api-test"));
        admin = tokens.issue("acme", "admin", Optional.empty(), HOUR);
        qa = tokens.issue("acme", "qa", Optional.empty(), HOUR);
        regulator = tokens.issue("acme", "regulator", Optional.of("320300"), HOUR);
        regulatorElsewhere = tokens.issue("acme", "regulator", Optional.of("110100"), HOUR);
        regulatorOfAnotherTenant = tokens.issue("gov-xuzhou", "regulator", Optional.of("320300"), HOUR);
        vertx = Vertx.vertx();
        HttpVerticle verticle = new HttpVerticle(
                new HttpOptions("127.0.0.1", 0),
                pool,
                tokens,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                "plain PostgreSQL",
                TestServices.standard());
        await(vertx.deployVerticle(verticle));
        base = "http://127.0.0.1:" + verticle.actualPort();

        ok(put(
                T + "/sites/store-1",
                new JsonObject()
                        .put("name", "Xuzhou Store 1")
                        .put("kind", "store")
                        .put("region", "320300")
                        .put("address", "1 Main St")));
        ok(put(
                T + "/sites/plant-1",
                new JsonObject()
                        .put("name", "Plant")
                        .put("kind", "plant")
                        .put("region", "320500")
                        .put("address", "9 Dairy Rd")));
        ok(put(
                T + "/assets/case-1",
                new JsonObject()
                        .put("name", "Case 1")
                        .put("kind", "display_case")
                        .put("site", "store-1")
                        .put("profile", "dairy-chilled")));
        ok(put(
                T + "/assets/room-9",
                new JsonObject()
                        .put("name", "Cold room")
                        .put("kind", "cold_room")
                        .put("site", "plant-1")
                        .put("profile", "dairy-chilled")));
        ok(put(
                T + "/sensors/case-1-p1",
                new JsonObject().put("gateway", "gw-1").put("asset", "case-1").put("expected_interval_s", 600)));
        ok(put(
                T + "/sensors/case-1-p2",
                new JsonObject().put("gateway", "gw-1").put("asset", "case-1").put("expected_interval_s", 600)));
        ok(put(
                T + "/sensors/room-9-p1",
                new JsonObject().put("gateway", "gw-2").put("asset", "room-9").put("expected_interval_s", 600)));
        ok(put(T + "/products/milk", new JsonObject().put("name", "Milk").put("profile", "dairy-chilled")));
        ok(put(
                T + "/batches/L1",
                new JsonObject()
                        .put("sku", "milk")
                        .put("produced_at", DAY1.minus(Duration.ofDays(2)).toString())
                        .put("expires_at", DAY1.plus(Duration.ofDays(20)).toString())));
        ok(put(
                T + "/batches/L2",
                new JsonObject()
                        .put("sku", "milk")
                        .put("produced_at", DAY1.minus(Duration.ofDays(2)).toString())
                        .put("expires_at", DAY1.plus(Duration.ofDays(20)).toString())));
        ok(post(
                T + "/placements",
                new JsonObject().put("lot", "L1").put("asset", "case-1").put("from", DAY1.toString()),
                admin));
        ok(post(
                T + "/placements",
                new JsonObject().put("lot", "L2").put("asset", "room-9").put("from", DAY1.toString()),
                admin));

        for (String sensor : List.of("case-1-p1", "case-1-p2", "room-9-p1")) {
            List<Reading> rows = new ArrayList<>();
            for (int i = 0; i < 3 * 144; i++) {
                rows.add(new Reading(
                        "acme",
                        "gw-1",
                        sensor,
                        DAY1.plus(Duration.ofMinutes(10L * i)),
                        4.0 + (i % 3) * 0.5,
                        null,
                        null,
                        null,
                        null,
                        DAY1.plus(Duration.ofDays(3))));
            }
            store(rows);
        }
        seal(Instant.now());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void a_reading_altered_in_the_database_is_reported_by_the_integrity_endpoint() throws Exception {
        String window = "?from=" + DAY1 + "&to=" + DAY1.plus(Duration.ofDays(3)) + "&sensor=case-1-p2";
        JsonObject before = json(get(T + "/integrity" + window, qa), 200);
        assertThat(before.getBoolean("intact")).isTrue();
        assertThat(before.getJsonArray("digests")).hasSize(3);

        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "UPDATE readings SET temp_c = 2.5 WHERE sensor_id = (SELECT id FROM sensor_keys WHERE sensor = 'case-1-p2') "
                            + "AND ts = '" + DAY1.plus(Duration.ofHours(30)) + "'");
        }
        JsonObject after = json(get(T + "/integrity" + window, qa), 200);
        assertThat(after.getBoolean("intact")).isFalse();
        JsonArray mismatches = after.getJsonArray("mismatches");
        assertThat(mismatches).hasSize(1);
        assertThat(mismatches.getJsonObject(0).getString("sensor")).isEqualTo("case-1-p2");
        assertThat(mismatches.getJsonObject(0).getString("day"))
                .isEqualTo(DAY1.plus(Duration.ofDays(1)).toString().substring(0, 10));
        assertThat(mismatches.getJsonObject(0).getString("kind")).isEqualTo("rows_altered");
        assertThat(mismatches.getJsonObject(0).getInteger("stored_count")).isEqualTo(144);
    }

    @Test
    void a_late_reading_through_the_store_is_re_sealed_not_tampering() throws Exception {
        Instant lateTs = DAY1.plus(Duration.ofHours(5)).plusSeconds(60); // a minute no reading was taken
        store(List.of(new Reading("acme", "gw-2", "room-9-p1", lateTs, 5.5, null, null, null, null, Instant.now())));
        String window = "?from=" + DAY1 + "&to=" + DAY1.plus(Duration.ofDays(3)) + "&sensor=room-9-p1";
        JsonObject pending = json(get(T + "/integrity" + window, qa), 200);
        assertThat(pending.getBoolean("intact")).isTrue();
        assertThat(pending.getJsonArray("late_data_pending").getJsonObject(0).getInteger("late_rows"))
                .isEqualTo(1);

        seal(Instant.now().plus(Duration.ofMinutes(11))); // the next run, once the seal margin has passed
        JsonObject resealed = json(get(T + "/integrity" + window, qa), 200);
        assertThat(resealed.getBoolean("intact")).isTrue();
        assertThat(resealed.getJsonArray("late_data_pending")).isEmpty();
        JsonObject day = resealed.getJsonArray("resealed").getJsonObject(0);
        assertThat(day.getString("day")).isEqualTo(DAY1.toString().substring(0, 10));
        JsonArray versions = day.getJsonArray("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.getJsonObject(1).getString("reason")).isEqualTo("late data received");
        assertThat(versions.getJsonObject(1).getInteger("row_count")).isEqualTo(145);
    }

    @Test
    void calibrations_are_written_by_admins_audited_and_move_the_due_date() throws Exception {
        JsonObject body = new JsonObject()
                .put("calibrated_at", "2025-06-01")
                .put("due", "2026-06-01")
                .put("certificate", "JS-CAL-0042")
                .put("performed_by", "Jiangsu Institute of Metrology");
        assertThat(post(T + "/sensors/case-1-p1/calibrations", body, qa).statusCode())
                .isEqualTo(403);
        assertThat(post(T + "/sensors/case-1-p1/calibrations", body, regulator).statusCode())
                .isEqualTo(403);
        assertThat(post(T + "/sensors/nope/calibrations", body, admin).statusCode())
                .isEqualTo(404);
        HttpResponse<String> bad =
                post(T + "/sensors/case-1-p1/calibrations", body.copy().put("due", "2025-01-01"), admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("due");
        JsonObject created = json(post(T + "/sensors/case-1-p1/calibrations", body, admin), 201);
        assertThat(created.getString("certificate")).isEqualTo("JS-CAL-0042");

        JsonObject list = json(get(T + "/sensors/case-1-p1/calibrations", qa), 200);
        assertThat(list.getString("calibration_due")).isEqualTo("2026-06-01");
        assertThat(list.getJsonArray("calibrations")).hasSize(1);
        assertThat(json(get(T + "/sensors/case-1-p1", qa), 200).getString("calibration_due"))
                .isEqualTo("2026-06-01");
        assertThat(json(get(T + "/sensors/case-1-p1/calibrations", regulator), 200)
                        .getJsonArray("calibrations"))
                .hasSize(1);
        assertThat(get(T + "/sensors/case-1-p1/calibrations", regulatorElsewhere)
                        .statusCode())
                .isEqualTo(404);
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM audit_log WHERE action = 'add_calibration' AND entity_id = 'case-1-p1'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void the_temperature_log_in_json_csv_and_pdf_for_qa_and_regulators_of_the_region() throws Exception {
        String path = T + "/sites/store-1/temperature-log?from=" + DAY1 + "&to=" + DAY1.plus(Duration.ofDays(1));
        JsonObject log = json(get(path, qa), 200);
        JsonObject asset = log.getJsonArray("assets").getJsonObject(0);
        assertThat(asset.getString("asset")).isEqualTo("case-1");
        assertThat(asset.getJsonObject("limits").getDouble("max_c")).isEqualTo(6.0);
        assertThat(asset.getJsonArray("sensors")).hasSize(2);
        assertThat(asset.getJsonArray("sensors").getJsonObject(0).getInteger("readings"))
                .isEqualTo(144);
        assertThat(log.getBoolean("excursions_connected")).isTrue();

        HttpResponse<String> csv = get(path + "&format=csv", qa);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(1 + 2 * 144);

        HttpResponse<byte[]> pdf = client.send(
                HttpRequest.newBuilder(URI.create(base + path + "&format=pdf&lang=zh"))
                        .header("Authorization", "Bearer " + regulator)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (new io.coldchain.records.export.ReportFonts(java.util.Optional.empty()).available()) {
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
            assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");
        } else {
            // A machine without a Chinese font (the README says what to install): a clear 503, never a 500.
            assertThat(pdf.statusCode()).isEqualTo(503);
            assertThat(new String(pdf.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("fonts-wqy-zenhei");
        }

        assertThat(get(path, regulatorOfAnotherTenant).statusCode())
                .as("a regulator reads any tenant's sites in its region")
                .isEqualTo(200);
        assertThat(get(path, regulatorElsewhere).statusCode()).isEqualTo(404);
        assertThat(get(T + "/sites/plant-1/temperature-log", regulator).statusCode())
                .isEqualTo(404);
        assertThat(get(T + "/sites/nope/temperature-log", qa).statusCode()).isEqualTo(404);
        assertThat(get(path + "&format=xml", qa).statusCode()).isEqualTo(400);
        assertThat(get(path + "&lang=fr", qa).statusCode()).isEqualTo(400);
        assertThat(get(path, null).statusCode()).isEqualTo(401);
    }

    @Test
    void traces_and_integrity_for_regulators_only_within_their_region() throws Exception {
        JsonObject trace = json(get(T + "/batches/L1/trace", regulator), 200);
        assertThat(trace.getJsonArray("legs")).hasSize(1);
        assertThat(trace.getJsonArray("legs").getJsonObject(0).getString("site"))
                .isEqualTo("store-1");
        assertThat(trace.getJsonObject("now").getString("asset")).isEqualTo("case-1");
        assertThat(get(T + "/batches/L2/trace", regulator).statusCode())
                .as("L2 never was in 320300")
                .isEqualTo(404);
        assertThat(get(T + "/batches/L2/trace", qa).statusCode()).isEqualTo(200);
        assertThat(get(T + "/batches/nope/trace", qa).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/tenants/other/batches/L1/trace", qa).statusCode())
                .isEqualTo(404);

        String window = "?from=" + DAY1 + "&to=" + DAY1.plus(Duration.ofDays(3));
        JsonObject integrity = json(get(T + "/integrity" + window, regulator), 200);
        assertThat(integrity.getJsonArray("digests").stream()
                        .map(d -> ((JsonObject) d).getString("sensor"))
                        .distinct())
                .containsExactlyInAnyOrder("case-1-p1", "case-1-p2");
        assertThat(get(T + "/integrity" + window + "&sensor=room-9-p1", regulator)
                        .statusCode())
                .isEqualTo(404);
    }

    private static void seal(Instant now) throws Exception {
        try (Connection c = pool.getConnection()) {
            new DaySealer(new DigestStore(), Duration.ofMinutes(10), Duration.ofDays(30)).run(c, now);
        }
    }

    private static void store(List<Reading> rows) throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            var keys = new SensorKeyStore()
                    .keys(
                            c,
                            rows.stream()
                                    .map(r -> new SensorKey(r.tenant(), r.sensor()))
                                    .distinct()
                                    .toList());
            int[] ids = rows.stream()
                    .mapToInt(r -> keys.get(new SensorKey(r.tenant(), r.sensor())))
                    .toArray();
            new ReadingStore().insert(c, rows, ids);
            c.commit();
        }
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    private static HttpResponse<String> put(String path, JsonObject body) throws Exception {
        return send("PUT", path, body, admin);
    }

    private static HttpResponse<String> post(String path, JsonObject body, String token) throws Exception {
        return send("POST", path, body, token);
    }

    private static HttpResponse<String> send(String method, String path, JsonObject body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
