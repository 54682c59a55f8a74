package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.alerting.notify.AlertEvent;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notification targets, deliveries and the live alert stream over real HTTP against a real
 * PostgreSQL. One backend without an SMTP server, one with (e-mail targets are refused by the first).
 */
class NotificationEndpointTest {
  private static final String T = "/api/v1/tenants/acme";
  private static final Duration HOUR = Duration.ofHours(1);
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final OutboxStore outbox = new OutboxStore();

  private static Vertx vertx;
  private static HikariDataSource pool;
  private static String base;
  private static String withSmtp;
  private static String admin;
  private static String qa;
  private static String regulator;
  private static String otherQa;
  private static PrometheusMeterRegistry registry;
  private static TokenService tokens;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase db = TestDatabase.get();
    pool = Database.pool(db.newDatabase("notifyapi"), db.user(), db.password(), 6, "notify-api-test");
    Database.migrate(pool, StorageOptions.defaults());
    tokens = new TokenService(new AuthOptions(Optional.empty(), Duration.ofHours(12)),
        Files.createTempDirectory("coldchain-notify-api-test"));
    admin = tokens.issue("acme", "admin", Optional.empty(), HOUR);
    qa = tokens.issue("acme", "qa", Optional.empty(), HOUR);
    regulator = tokens.issue("acme", "regulator", Optional.of("320300"), HOUR);
    otherQa = tokens.issue("other", "qa", Optional.empty(), HOUR);
    vertx = Vertx.vertx();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpVerticle plain = new HttpVerticle(new HttpOptions("127.0.0.1", 0), pool, tokens, registry, () -> true, "plain PostgreSQL");
    join(vertx.deployVerticle(plain));
    base = "http://127.0.0.1:" + plain.actualPort();
    NotifyOptions smtp = new NotifyOptions(Optional.of("smtp.example.com"), 587, Optional.empty(), Optional.empty(),
        "alerts@example.com", true, Duration.ofSeconds(1), Duration.ofMinutes(1), 8);
    HttpVerticle mail = new HttpVerticle(new HttpOptions("127.0.0.1", 0), pool, tokens,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, "plain PostgreSQL", smtp);
    join(vertx.deployVerticle(mail));
    withSmtp = "http://127.0.0.1:" + mail.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      join(vertx.close());
    }
    if (pool != null) {
      pool.close();
    }
  }

  // ---- targets ------------------------------------------------------------------------------------

  @Test
  void aWebhookTargetIsCreatedReplacedAndReadWithoutItsSecret() throws Exception {
    JsonObject hook = new JsonObject().put("channel", "webhook").put("url", "https://hooks.example.com/coldchain")
        .put("secret", "s3cret-s3cret-s3cret");
    HttpResponse<String> created = put(base, T + "/notification-targets/ops-hook", hook, admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject row = new JsonObject(created.body());
    assertThat(row.getString("channel")).isEqualTo("webhook");
    assertThat(row.getBoolean("secret_set")).isTrue();
    assertThat(row.getString("min_severity")).isEqualTo("warning");
    assertThat(row.getInteger("escalation_level")).isZero();
    assertThat(row.getBoolean("enabled")).isTrue();
    assertThat(created.body()).doesNotContain("s3cret");

    JsonObject replaced = new JsonObject().put("channel", "webhook").put("url", "https://hooks.example.com/v2")
        .put("min_severity", "critical").put("escalation_level", 1);
    HttpResponse<String> r = put(base, T + "/notification-targets/ops-hook", replaced, admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject got = new JsonObject(get(base, T + "/notification-targets/ops-hook", qa).body());
    assertThat(got.getString("url")).isEqualTo("https://hooks.example.com/v2");
    assertThat(got.getString("min_severity")).isEqualTo("critical");
    assertThat(got.getBoolean("secret_set")).as("kept").isTrue();
    JsonArray all = new JsonObject(get(base, T + "/notification-targets", qa).body()).getJsonArray("targets");
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("target"))).contains("ops-hook");
    assertThat(get(base, T + "/notification-targets", qa).body()).doesNotContain("s3cret");

    JsonArray audit = new JsonObject(get(base, T + "/audit", admin).body()).getJsonArray("entries");
    List<JsonObject> entries = audit.stream().map(o -> (JsonObject) o)
        .filter(e -> "notification_target".equals(e.getString("entity"))).toList();
    assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
    assertThat(entries.get(0).getString("action")).isEqualTo("put_notification_target");
    assertThat(audit.encode()).doesNotContain("s3cret");
  }

  @Test
  void targetBodiesAreCheckedNamingTheField() throws Exception {
    assertInvalid(new JsonObject().put("channel", "sms").put("url", "https://x.example.com"), "channel");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "ftp://x.example.com").put("secret", "0123456789abcdef"), "url");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com"), "secret");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com").put("secret", "short"), "secret");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com").put("secret", "0123456789abcdef")
        .put("min_severity", "info"), "min_severity");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com").put("secret", "0123456789abcdef")
        .put("escalation_level", -1), "escalation_level");
    assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com").put("secret", "0123456789abcdef")
        .put("min_severty", "critical"), "min_severty");
  }

  private static void assertInvalid(JsonObject body, String field) throws Exception {
    HttpResponse<String> r = put(base, T + "/notification-targets/bad", body, admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_body");
    assertThat(new JsonObject(r.body()).getString("detail")).contains(field);
  }

  @Test
  void emailTargetsAreRefusedWithoutAnSmtpServerAndAcceptedWithOne() throws Exception {
    JsonObject mail = new JsonObject().put("channel", "email").put("address", "qa@dairy.example");
    HttpResponse<String> refused = put(base, T + "/notification-targets/qa-mail", mail, admin);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(refused.body()).getString("detail")).contains("channel").contains("COLDCHAIN_SMTP_HOST");

    HttpResponse<String> created = put(withSmtp, T + "/notification-targets/qa-mail", mail, admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(new JsonObject(created.body()).getString("address")).isEqualTo("qa@dairy.example");
    HttpResponse<String> badAddress = put(withSmtp, T + "/notification-targets/qa-mail",
        new JsonObject().put("channel", "email").put("address", "not an address"), admin);
    assertThat(badAddress.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badAddress.body()).getString("detail")).contains("address");
  }

  @Test
  void onlyAdminsWriteAdminsAndQaReadRegulatorsAreForbiddenOtherTenantsSeeNothing() throws Exception {
    JsonObject hook = new JsonObject().put("channel", "webhook").put("url", "https://x.example.com").put("secret", "0123456789abcdef");
    assertThat(put(base, T + "/notification-targets/h", hook, qa).statusCode()).isEqualTo(403);
    assertThat(put(base, T + "/notification-targets/h", hook, regulator).statusCode()).isEqualTo(403);
    assertThat(get(base, T + "/notification-targets", regulator).statusCode()).isEqualTo(403);
    assertThat(get(base, T + "/notification-deliveries", regulator).statusCode()).isEqualTo(403);
    assertThat(get(base, T + "/notification-targets", otherQa).statusCode()).isEqualTo(404);
    assertThat(get(base, T + "/notification-deliveries", otherQa).statusCode()).isEqualTo(404);
    assertThat(get(base, T + "/notification-targets/nope", qa).statusCode()).isEqualTo(404);
    assertThat(get(base, T + "/alerts/stream", regulator).statusCode()).isEqualTo(403);
    assertThat(get(base, T + "/alerts/stream", otherQa).statusCode()).isEqualTo(404);
    assertThat(get(base, T + "/alerts/stream", null).statusCode()).isEqualTo(401);
  }

  @Test
  void deliveriesAreListedNewestFirstAndFilteredByStatus() throws Exception {
    long first = append(event("deliv", 1, "opened"));
    long second = append(event("deliv", 1, "acknowledged"));
    String path = "/api/v1/tenants/deliv/notification-deliveries";
    String token = tokenFor("deliv", "qa");
    JsonArray all = new JsonObject(get(base, path, token).body()).getJsonArray("deliveries");
    assertThat(all.stream().map(o -> ((JsonObject) o).getLong("outbox_id"))).containsExactly(second, first);
    JsonObject d = all.getJsonObject(0);
    assertThat(d.getString("channel")).isEqualTo("mqtt");
    assertThat(d.getString("target")).isEqualTo("coldchain/v1/deliv/alerts");
    assertThat(d.getString("status")).isEqualTo("pending");
    assertThat(d.getString("event")).isEqualTo("acknowledged");
    assertThat(new JsonObject(get(base, path + "?status=parked", token).body()).getJsonArray("deliveries")).isEmpty();
    assertThat(new JsonObject(get(base, path + "?status=pending&limit=1", token).body()).getJsonArray("deliveries")).hasSize(1);
    assertThat(get(base, path + "?status=lost", token).statusCode()).isEqualTo(400);
  }

  // ---- the live stream ----------------------------------------------------------------------------

  @Test
  void theStreamSendsNewEventsResumesAfterLastEventIdAndNeverShowsAnotherTenant() throws Exception {
    String token = tokenFor("live", "qa");
    String path = "/api/v1/tenants/live/alerts/stream";
    try (SseClient stream = SseClient.open(base + path, token, null)) {
      assertThat(stream.contentType).startsWith("text/event-stream");
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("coldchain_notify_sse_connections").gauge().value() >= 1);
      long a = append(event("live", 1, "opened"));
      append(event("elsewhere", 2, "opened"));
      long b = append(event("live", 1, "acknowledged"));
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() >= 2);
      assertThat(stream.events).extracting(SseEvent::id).containsExactly(a, b);
      assertThat(stream.events).extracting(SseEvent::event).containsExactly("opened", "acknowledged");
      assertThat(new JsonObject(stream.events.get(0).data()).getString("tenant")).isEqualTo("live");
    }

    long c = append(event("live", 1, "resolved"));
    append(event("elsewhere", 2, "resolved"));
    long d = append(event("live", 3, "opened"));
    long a = firstIdOf("live");
    // Reconnect as a browser does after having seen a only: b, c and d come first, in order, then live events.
    try (SseClient again = SseClient.open(base + path, token, String.valueOf(a))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> again.events.size() >= 3);
      assertThat(again.events).extracting(SseEvent::id).containsExactly(a + 2, c, d);
      assertThat(again.events).allSatisfy(e -> assertThat(new JsonObject(e.data()).getString("tenant")).isEqualTo("live"));
      long e = append(event("live", 3, "escalated"));
      await().atMost(Duration.ofSeconds(10)).until(() -> again.events.size() >= 4);
      assertThat(again.events).extracting(SseEvent::id).containsExactly(a + 2, c, d, e);
    }
  }

  @Test
  void everyInstanceStreamsEveryEventWhereverItWasAppended() throws Exception {
    // Two HTTP edges on one database stand for two backend instances: the stream reads the outbox
    // table, so an event appended by either reaches the clients of both.
    String token = tokenFor("multi", "admin");
    String path = "/api/v1/tenants/multi/alerts/stream";
    try (SseClient one = SseClient.open(base + path, token, null);
        SseClient two = SseClient.open(withSmtp + path, token, null)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("coldchain_notify_sse_connections").gauge().value() >= 1);
      long a = append(event("multi", 1, "opened"));
      long b = append(event("multi", 1, "escalated"));
      await().atMost(Duration.ofSeconds(10)).until(() -> one.events.size() >= 2 && two.events.size() >= 2);
      assertThat(one.events).extracting(SseEvent::id).containsExactly(a, b);
      assertThat(two.events).extracting(SseEvent::id).containsExactly(a, b);
    }
  }

  @Test
  void aBadLastEventIdIsRefused() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/acme/alerts/stream"))
        .header("Authorization", "Bearer " + qa).header("Last-Event-ID", "yesterday").timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("detail")).contains("Last-Event-ID");
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static long firstIdOf(String tenant) throws Exception {
    try (Connection c = pool.getConnection()) {
      return outbox.tenantEventsBetween(c, tenant, 0, Long.MAX_VALUE, 1).get(0).id();
    }
  }

  private static String tokenFor(String tenant, String role) throws Exception {
    return tokens.issue(tenant, role, Optional.empty(), HOUR);
  }

  private static AlertEvent event(String tenant, long alertId, String event) {
    String key = tenant + ":" + alertId + ":" + event + ":" + System.nanoTime();
    return new AlertEvent(tenant, alertId, event, "critical", 0, key,
        "{\"event\":\"" + event + "\",\"id\":" + alertId + ",\"tenant\":\"" + tenant + "\",\"severity\":\"critical\"}");
  }

  private static long append(AlertEvent e) throws Exception {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      long id = outbox.append(c, e);
      c.commit();
      return id;
    }
  }

  private static HttpResponse<String> put(String server, String path, JsonObject body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String server, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T join(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  record SseEvent(long id, String event, String data) {}

  /** A plain SSE reader: parses id/event/data blocks from the response's lines on a thread of its own. */
  static final class SseClient implements AutoCloseable {
    final List<SseEvent> events = new CopyOnWriteArrayList<>();
    final String contentType;
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
      this.contentType = response.headers().firstValue("content-type").orElse("");
      this.lines = response.body();
      this.reader = new Thread(this::read, "sse-test-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static SseClient open(String url, String token, String lastEventId) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(r.statusCode()).isEqualTo(200);
      return new SseClient(r);
    }

    private void read() {
      List<String> block = new ArrayList<>();
      try {
        lines.forEach(line -> {
          if (!line.isEmpty()) {
            block.add(line);
            return;
          }
          Long id = null;
          String event = null;
          StringBuilder data = new StringBuilder();
          for (String l : block) {
            if (l.startsWith("id: ")) {
              id = Long.parseLong(l.substring(4));
            } else if (l.startsWith("event: ")) {
              event = l.substring(7);
            } else if (l.startsWith("data: ")) {
              data.append(data.length() == 0 ? "" : "\n").append(l.substring(6));
            }
          }
          block.clear();
          if (id != null) {
            events.add(new SseEvent(id, event, data.toString()));
          }
        });
      } catch (UncheckedIOException e) {
        // closed by the test
      }
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
