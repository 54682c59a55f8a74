package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry (sites, assets, sensors, audit trail) over real HTTP against a real PostgreSQL. */
class RegistryEndpointTest {
  private static final String T = "/api/v1/tenants/acme";
  private static final Duration HOUR = Duration.ofHours(1);
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Vertx vertx;
  private static HikariDataSource pool;
  private static String base;
  private static String admin;
  private static String qa;
  private static String regulator;
  private static String otherAdmin;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase db = TestDatabase.get();
    pool = Database.pool(db.newDatabase("registry"), db.user(), db.password(), 4, "registry-test");
    Database.migrate(pool, StorageOptions.defaults());
    TokenService tokens = new TokenService(new AuthOptions(Optional.empty(), Duration.ofHours(12)),
        Files.createTempDirectory("coldchain-registry-test"));
    admin = tokens.issue("acme", "admin", Optional.empty(), HOUR);
    qa = tokens.issue("acme", "qa", Optional.empty(), HOUR);
    // A regulator of a region where acme has no site: it sees none of acme (AccessMatrixTest covers regions).
    regulator = tokens.issue("acme", "regulator", Optional.of("440300"), HOUR);
    otherAdmin = tokens.issue("other", "admin", Optional.empty(), HOUR);
    vertx = Vertx.vertx();
    HttpVerticle verticle = new HttpVerticle(new HttpOptions("127.0.0.1", 0), pool, tokens,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, "plain PostgreSQL");
    await(vertx.deployVerticle(verticle));
    base = "http://127.0.0.1:" + verticle.actualPort();
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

  private static JsonObject site(String name) {
    return new JsonObject().put("name", name).put("kind", "warehouse").put("region", "320300").put("address", "1 Cold St");
  }

  @Test
  void sitesAreCreatedReplacedReadAndListed() throws Exception {
    HttpResponse<String> created = put(T + "/sites/dc-1", site("DC one"), admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject row = new JsonObject(created.body());
    assertThat(row.getString("site")).isEqualTo("dc-1");
    assertThat(row.getString("region")).isEqualTo("320300");
    assertThat(row.getString("created_at")).isNotBlank();

    HttpResponse<String> replaced = put(T + "/sites/dc-1", site("DC one, renamed"), admin);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(replaced.body()).getString("name")).isEqualTo("DC one, renamed");

    HttpResponse<String> one = get(T + "/sites/dc-1", qa);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(one.body()).getString("name")).isEqualTo("DC one, renamed");
    JsonArray all = new JsonObject(get(T + "/sites", admin).body()).getJsonArray("sites");
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("site"))).contains("dc-1");
    assertThat(get(T + "/sites/nope", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void assetsAndSensorsAreCreatedAndReplaced() throws Exception {
    assertThat(put(T + "/sites/store-7", site("Store 7"), admin).statusCode()).isEqualTo(201);
    JsonObject asset = new JsonObject().put("name", "Freezer A").put("kind", "freezer").put("site", "store-7");
    assertThat(put(T + "/assets/fz-a", asset, admin).statusCode()).isEqualTo(201);
    asset.put("profile", "frozen");
    assertThat(put(T + "/assets/fz-a", asset, admin).statusCode()).isEqualTo(200);
    JsonObject gotAsset = new JsonObject(get(T + "/assets/fz-a", qa).body());
    assertThat(gotAsset.getString("profile")).isEqualTo("frozen");
    assertThat(gotAsset.getString("site")).isEqualTo("store-7");
    assertThat(new JsonObject(get(T + "/assets", qa).body()).getJsonArray("assets")).isNotEmpty();

    JsonObject sensor = new JsonObject().put("gateway", "gw-7").put("asset", "fz-a");
    HttpResponse<String> created = put(T + "/sensors/fz-a-p1", sensor, admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(new JsonObject(created.body()).getValue("expected_interval_s")).isNull();
    sensor.put("expected_interval_s", 60).put("calibration_due", "2027-03-01");
    assertThat(put(T + "/sensors/fz-a-p1", sensor, admin).statusCode()).isEqualTo(200);
    JsonObject got = new JsonObject(get(T + "/sensors/fz-a-p1", qa).body());
    assertThat(got.getInteger("expected_interval_s")).isEqualTo(60);
    assertThat(got.getString("calibration_due")).isEqualTo("2027-03-01");
    JsonArray sensors = new JsonObject(get(T + "/sensors", qa).body()).getJsonArray("sensors");
    assertThat(sensors.stream().map(o -> ((JsonObject) o).getString("sensor"))).contains("fz-a-p1");
  }

  @Test
  void aRegisteredSensorIsBoundToItsGatewayForIngest() throws Exception {
    assertThat(put(T + "/assets/truck-1", new JsonObject().put("name", "Truck 1").put("kind", "truck"), admin)
        .statusCode()).isEqualTo(201);
    assertThat(put(T + "/sensors/truck-1-p1", new JsonObject().put("gateway", "gw-truck-1").put("asset", "truck-1"),
        admin).statusCode()).isEqualTo(201);
    try (Connection c = pool.getConnection()) {
      var bindings = new ReadingStore().bindings(c, List.of(new SensorKey("acme", "truck-1-p1")));
      assertThat(bindings).containsEntry(new SensorKey("acme", "truck-1-p1"), "gw-truck-1");
    }
  }

  @Test
  void changesAreAuditedAndIdenticalPutsAreNot() throws Exception {
    assertThat(put(T + "/sites/audited", site("First"), admin).statusCode()).isEqualTo(201);
    assertThat(put(T + "/sites/audited", site("Second"), admin).statusCode()).isEqualTo(200);
    int before = auditRows("audited");
    HttpResponse<String> again = put(T + "/sites/audited", site("Second"), admin);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(auditRows("audited")).isEqualTo(before).isEqualTo(2);

    JsonArray entries = new JsonObject(get(T + "/audit?limit=1000", admin).body()).getJsonArray("entries");
    List<JsonObject> mine = entries.stream().map(o -> (JsonObject) o)
        .filter(e -> "audited".equals(e.getString("entity_id"))).toList();
    assertThat(mine).hasSize(2);
    JsonObject newest = mine.get(0);
    assertThat(newest.getString("action")).isEqualTo("put_site");
    assertThat(newest.getString("entity")).isEqualTo("site");
    assertThat(newest.getString("role")).isEqualTo("admin");
    assertThat(newest.getString("actor")).isNotBlank();
    assertThat(newest.getJsonObject("before").getString("name")).isEqualTo("First");
    assertThat(newest.getJsonObject("after").getString("name")).isEqualTo("Second");
    assertThat(mine.get(1).getValue("before")).isNull();
    assertThat(mine.get(1).getJsonObject("after").getString("name")).isEqualTo("First");

    assertThat(get(T + "/audit", qa).statusCode()).isEqualTo(403);
    assertThat(get(T + "/audit", otherAdmin).statusCode()).isEqualTo(404);
  }

  @Test
  void theAuditLogCannotBeChangedOrEmptied() throws Exception {
    assertThat(put(T + "/sites/immutable", site("x"), admin).statusCode()).isEqualTo(201);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'mallory'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
    assertThat(auditRows("immutable")).isEqualTo(1);
  }

  @Test
  void unknownReferencesAre400NamingTheField() throws Exception {
    assertBadBody(put(T + "/assets/a-x", new JsonObject().put("name", "x").put("kind", "truck").put("site", "nowhere"),
        admin), "site");
    assertBadBody(put(T + "/sensors/s-x", new JsonObject().put("gateway", "gw").put("asset", "nothing"), admin), "asset");
    // Another tenant's site is unknown here too.
    assertThat(put("/api/v1/tenants/other/sites/theirs", site("Theirs"), otherAdmin).statusCode()).isEqualTo(201);
    assertBadBody(put(T + "/assets/a-y", new JsonObject().put("name", "x").put("kind", "truck").put("site", "theirs"),
        admin), "site");
  }

  @Test
  void rolesAndTenantsAreEnforced() throws Exception {
    assertThat(put(T + "/sites/roles", site("Roles"), admin).statusCode()).isEqualTo(201);
    assertThat(put(T + "/sites/roles", site("QA edit"), qa).statusCode()).isEqualTo(403);
    assertThat(put(T + "/sites/roles", site("Reg edit"), regulator).statusCode()).isEqualTo(403);
    assertThat(get(T + "/sites/roles", regulator).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(get(T + "/sites", regulator).body()).getJsonArray("sites")).isEmpty();
    assertThat(get(T + "/sites/roles", otherAdmin).statusCode()).isEqualTo(404);
    assertThat(put(T + "/sites/roles", site("Theirs"), otherAdmin).statusCode()).isEqualTo(404);
    assertThat(get(T + "/sites/roles", null).statusCode()).isEqualTo(401);
    assertThat(put(T + "/sites/roles", site("anon"), null).statusCode()).isEqualTo(401);
    assertThat(new JsonObject(get(T + "/sites/roles", admin).body()).getString("name")).isEqualTo("Roles");
  }

  @Test
  void badBodiesAre400NamingTheField() throws Exception {
    assertBadBody(putRaw(T + "/sites/b", "not json", admin), "JSON");
    assertBadBody(putRaw(T + "/sites/b", "[1,2]", admin), "object");
    assertBadBody(putRaw(T + "/sites/b", "\"a string\"", admin), "object");
    assertBadBody(putRaw(T + "/sites/b", "", admin), "object");
    assertBadBody(put(T + "/sites/b", site("x").put("kind", "shop"), admin), "kind");
    assertBadBody(put(T + "/sites/b", site("x").put("region", "32a"), admin), "region");
    assertBadBody(put(T + "/sites/b", site("x").put("region", 320300), admin), "region");
    assertBadBody(put(T + "/sites/b", site("x").put("name", "n".repeat(201)), admin), "name");
    assertBadBody(put(T + "/sites/b", site("x").put("address", "a".repeat(501)), admin), "address");
    assertBadBody(put(T + "/sites/b", site("x").put("name", new JsonArray().add("x")), admin), "name");
    assertBadBody(put(T + "/sites/b", site("x").put("name", "   "), admin), "name");
    assertBadBody(put(T + "/sites/b", site("x").put("name", "nul\u0000byte"), admin), "name");
    assertBadBody(put(T + "/sites/b", site("x").put("colour", "blue"), admin), "colour");
    assertBadBody(put(T + "/sites/b", new JsonObject().put("name", "x").put("kind", "farm").put("region", "12"), admin),
        "address");
    assertBadBody(putRaw(T + "/sites/b", "{\"name\":\"\\ud800\",\"kind\":\"farm\",\"region\":\"12\",\"address\":\"a\"}",
        admin), "name");
    assertBadBody(put(T + "/assets/b", new JsonObject().put("name", "x").put("kind", "truck").put("site", "a b"), admin),
        "site");
    assertBadBody(put(T + "/assets/b", new JsonObject().put("name", "x").put("kind", 3), admin), "kind");
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("gateway", "gw").put("asset", "a")
        .put("expected_interval_s", "60"), admin), "expected_interval_s");
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("gateway", "gw").put("asset", "a")
        .put("expected_interval_s", 1.5), admin), "expected_interval_s");
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("gateway", "gw").put("asset", "a")
        .put("expected_interval_s", 0), admin), "expected_interval_s");
    assertThat(putRaw(T + "/sensors/b", "{\"gateway\":\"gw\",\"asset\":\"a\",\"expected_interval_s\":1e400}", admin)
        .statusCode()).isEqualTo(400);
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("gateway", "gw").put("asset", "a")
        .put("expected_interval_s", 99999999999L), admin), "expected_interval_s");
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("gateway", "gw").put("asset", "a")
        .put("calibration_due", "2027-02-30"), admin), "calibration_due");
    assertBadBody(put(T + "/sensors/b", new JsonObject().put("asset", "a"), admin), "gateway");
    assertThat(put(T + "/sites/bad%20id", site("x"), admin).statusCode()).isEqualTo(400);
    assertThat(put(T + "/sensors/unassigned", new JsonObject().put("gateway", "g").put("asset", "a"), admin)
        .statusCode()).isEqualTo(400);
  }

  @Test
  void hostileButValidTextIsStoredVerbatim() throws Exception {
    for (String name : List.of("Robert'); DROP TABLE sites;--", "冷库 № 3 — Zürich 🧊", "\" OR 1=1 --", "<script>x</script>")) {
      HttpResponse<String> r = put(T + "/sites/hostile", site(name), admin);
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
      assertThat(new JsonObject(get(T + "/sites/hostile", admin).body()).getString("name")).isEqualTo(name);
    }
    assertThat(get(T + "/sites", admin).statusCode()).isEqualTo(200);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static int auditRows(String entityId) throws SQLException {
    try (Connection c = pool.getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM audit_log WHERE tenant = 'acme' AND entity_id = ?")) {
      ps.setString(1, entityId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void assertBadBody(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isEqualTo("invalid_body");
    assertThat(body.getString("detail")).contains(field);
  }

  private static HttpResponse<String> put(String path, JsonObject body, String token) throws Exception {
    return putRaw(path, body.encode(), token);
  }

  private static HttpResponse<String> putRaw(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
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
    return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
