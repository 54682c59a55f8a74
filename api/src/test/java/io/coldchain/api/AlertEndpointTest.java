package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert lifecycle over real HTTP against a real PostgreSQL: read, acknowledge, resolve, audit, holds. */
class AlertEndpointTest {
  private static final String T = "/api/v1/tenants/acme";
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Vertx vertx;
  private static HikariDataSource pool;
  private static String base;
  private static String qa;
  private static String regulator;
  private static String otherQa;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase db = TestDatabase.get();
    pool = Database.pool(db.newDatabase("alert_http"), db.user(), db.password(), 4, "alert-http-test");
    Database.migrate(pool, StorageOptions.defaults());
    TokenService tokens = new TokenService(new AuthOptions(Optional.empty(), Duration.ofHours(12)),
        Files.createTempDirectory("coldchain-alert-http-test"));
    qa = tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
    regulator = tokens.issue("acme", "regulator", Optional.of("320300"), Duration.ofHours(1));
    otherQa = tokens.issue("other", "qa", Optional.empty(), Duration.ofHours(1));
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

  /**
   * A critical alert naming two batches, opened the way the evaluator opens one. Each test names
   * its own lots: a batch's hold status spans all its alerts.
   */
  private static long openCritical(String lot1, String lot2) throws Exception {
    Instant start = Instant.parse("2026-11-20T08:00:00Z");
    try (Connection c = pool.getConnection()) {
      AlertRecord r = new AlertStore().open(c, new NewAlert("acme", "above:8.0:d0:critical", "above", "critical", 8.0, 0,
          null, List.of("dairy-chilled"), null, "truck-1-p1", "truck-1", null, null, start, null, start.plusSeconds(600),
          start, 9.4, start.plusSeconds(300), null,
          List.of(new AlertBatch(lot1, "milk", "Milk", "S1", null, null), new AlertBatch(lot2, "milk", "Milk", "S1", null, null))));
      return r.id();
    }
  }

  @Test
  void anAlertIsReadAcknowledgedOnceAndResolvedWithADispositionPerBatch() throws Exception {
    long id = openCritical("L1", "L2");
    JsonObject got = json(get(T + "/alerts/" + id, qa), 200);
    assertThat(got.getString("status")).isEqualTo("open");
    assertThat(got.getJsonObject("rule").getString("kind")).isEqualTo("above");
    assertThat(got.getJsonArray("shipments")).containsExactly("S1");
    assertThat(got.getJsonObject("batch_status").getString("L1")).isEqualTo("on_hold");
    assertThat(json(get(T + "/alerts?status=open", qa), 200).getJsonArray("alerts").stream()
        .map(o -> ((JsonObject) o).getLong("id"))).contains(id);
    assertThat(json(get(T + "/alerts?lot=L2", qa), 200).getJsonArray("alerts")).isNotEmpty();

    assertThat(post(T + "/alerts/" + id + "/ack", new JsonObject(), qa).statusCode()).isEqualTo(400);
    JsonObject acked = json(post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "driver called"), qa), 200);
    assertThat(acked.getString("status")).isEqualTo("acknowledged");
    assertThat(acked.getJsonObject("acknowledged").getString("note")).isEqualTo("driver called");
    assertThat(post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "again"), qa).statusCode()).isEqualTo(409);

    // Every batch needs a disposition, and only the alert's batches may have one.
    JsonObject missing = json(post(T + "/alerts/" + id + "/resolve", new JsonObject().put("corrective_action", "re-cooled")
        .put("dispositions", new JsonObject().put("L1", "release")), qa), 400);
    assertThat(missing.getString("detail")).contains("dispositions.L2");
    JsonObject unknown = json(post(T + "/alerts/" + id + "/resolve", new JsonObject().put("corrective_action", "x")
        .put("dispositions", new JsonObject().put("L1", "release").put("L2", "hold").put("L9", "discard")), qa), 400);
    assertThat(unknown.getString("detail")).contains("L9");
    json(post(T + "/alerts/" + id + "/resolve", new JsonObject().put("corrective_action", "x")
        .put("dispositions", new JsonObject().put("L1", "thaw").put("L2", "hold")), qa), 400);

    JsonObject resolved = json(post(T + "/alerts/" + id + "/resolve", new JsonObject()
        .put("corrective_action", "Moved to backup truck; probe checked")
        .put("dispositions", new JsonObject().put("L1", "release").put("L2", "discard")), qa), 200);
    assertThat(resolved.getString("status")).isEqualTo("resolved");
    JsonObject after = json(get(T + "/alerts/" + id, qa), 200);
    assertThat(after.getJsonObject("batch_status").getString("L1")).isEqualTo("not_held");
    assertThat(after.getJsonObject("batch_status").getString("L2")).isEqualTo("discarded");
    assertThat(after.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("event")))
        .containsExactly("opened", "acknowledged", "resolved");
    assertThat(post(T + "/alerts/" + id + "/resolve", new JsonObject().put("corrective_action", "again")
        .put("dispositions", new JsonObject().put("L1", "release").put("L2", "discard")), qa).statusCode()).isEqualTo(409);

    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'alert' AND entity_id = '" + id + "'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM alert_outbox WHERE alert_id = " + id)).isEqualTo(2);
  }

  @Test
  void otherTenantsAndRegulatorsCannotAct() throws Exception {
    long id = openCritical("X1", "X2");
    assertThat(get(T + "/alerts/" + id, otherQa).statusCode()).isEqualTo(404);
    assertThat(post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "n"), otherQa).statusCode()).isEqualTo(404);
    assertThat(post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "n"), regulator).statusCode()).isEqualTo(403);
    assertThat(get(T + "/alerts/" + id, null).statusCode()).isEqualTo(401);
    assertThat(get(T + "/alerts/999999", qa).statusCode()).isEqualTo(404);
    assertThat(get(T + "/alerts/abc", qa).statusCode()).isEqualTo(400);
    assertThat(get(T + "/alerts?status=closed", qa).statusCode()).isEqualTo(400);
  }

  @Test
  void theHistoryOfAnAlertCannotBeRewritten() throws Exception {
    long id = openCritical("Y1", "Y2");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("DELETE FROM alert_history WHERE alert_id = " + id))
          .hasMessageContaining("append-only");
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> post(String path, JsonObject body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
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
