package io.coldchain.api;

import static io.coldchain.api.RecallFixture.LOT;
import static io.coldchain.api.RecallFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.notify.Channel;
import io.coldchain.alerting.notify.NotificationTarget;
import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.ReportNotifier;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.records.recall.RecallNoticeText;
import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.records.report.ReportDispatchJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recall made and closed through the HTTP API (real PostgreSQL) reaches the tenant's webhooks
 * through the report dispatcher and alerting's senders, as app wires them, at a real HTTP receiver
 * that checks the signature with its own copy of the secret: each target once per event (also when
 * a new dispatcher takes over), a failing one retried and parked, a disabled one and another tenant's
 * never; the recall's page shows how each notice went.
 */
class RecallNoticeIT {
    static final String SECRET = "recall-hook-secret-0123";
    private static TestApi api;
    private static String admin;
    private static HttpServer receiver;
    /** Requests received: path, idempotency key, body, signature valid. */
    static final List<Received> got = new CopyOnWriteArrayList<>();

    static final Map<String, Integer> answers = new ConcurrentHashMap<>();

    record Received(String path, String key, JsonObject body, boolean signed) {}

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("recallnotice");
        admin = api.token("acme", "admin", null);
        RecallFixture.build(api, admin);
        receiver = TestApi.await(api.vertx
                .createHttpServer()
                .requestHandler(RecallNoticeIT::receive)
                .listen(0, "127.0.0.1"));
        answers.put("/dead", 503);
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            TestApi.await(receiver.close());
        }
        if (api != null) {
            api.close();
        }
    }

    private static void receive(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            boolean signed = valid(
                    req.getHeader("X-Coldchain-Timestamp"), buf.getBytes(), req.getHeader("X-Coldchain-Signature"));
            got.add(new Received(req.path(), req.getHeader("Idempotency-Key"), buf.toJsonObject(), signed));
            int status = answers.getOrDefault(req.path(), 200);
            req.response().setStatusCode(signed ? status : 401).end();
        });
    }

    /** The receiver's own check, as a customer writes it: HMAC-SHA256 over "timestamp." + raw body. */
    private static boolean valid(String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            String want = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return signature != null
                    && MessageDigest.isEqual(
                            want.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            return false;
        }
    }

    private static void hook(Connection c, String tenant, String id, boolean enabled) throws Exception {
        new NotificationTargetStore()
                .put(
                        c,
                        tenant,
                        id,
                        new NotificationTarget.Input(
                                Channel.WEBHOOK,
                                Optional.of("http://127.0.0.1:" + receiver.actualPort() + "/" + id),
                                Optional.empty(),
                                Optional.of(SECRET),
                                "warning",
                                0,
                                enabled));
    }

    /** A dispatcher as app wires it (RecordsWiring): 3 attempts, 1 min base backoff. */
    private static ReportDispatchJob dispatcher(SimpleMeterRegistry meters) {
        ReportNotifier notifier = new ReportNotifier(
                api.vertx,
                new NotifyOptions(
                        Optional.empty(),
                        25,
                        Optional.empty(),
                        Optional.empty(),
                        "alerts@coldchain.test",
                        false,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(10),
                        3,
                        true),
                Clock.systemUTC());
        return new ReportDispatchJob(
                new ReportDeliveryStore(),
                (c, o) -> {
                    RecallNoticeText n = RecallNoticeText.of(o);
                    notifier.send(
                            c,
                            new ReportNotifier.Notice(
                                    o.tenant(), o.target(), o.idempotencyKey(), n.json(), n.subject(), n.text()));
                },
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                3,
                meters);
    }

    @Test
    void eachEnabledTargetOfTheTenantGetsEachNoticeOnceSignedAndAFailingOneIsParked() throws Exception {
        try (Connection c = api.pool.getConnection()) {
            hook(c, "acme", "ops", true);
            hook(c, "acme", "dead", true);
            hook(c, "acme", "off", false);
            hook(c, "other", "theirs", true);
        }
        JsonObject made = api.require(
                201,
                "POST",
                T + "/recalls",
                admin,
                new JsonObject()
                        .put("id", "R-9")
                        .put("lots", new JsonArray().add(LOT))
                        .put("reason", "Listeria in the retained sample"));
        // Queued with the recall, in its transaction: pending before any dispatcher ran.
        assertThat(made.getJsonArray("notifications").stream()
                        .map(n -> ((JsonObject) n).getString("target") + "=" + ((JsonObject) n).getString("status"))
                        .toList())
                .containsExactlyInAnyOrder("ops=pending", "dead=pending");

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Instant t0 = Instant.now().plusSeconds(1);
        try (Connection c = api.pool.getConnection()) {
            ReportDispatchJob.Outcome first = dispatcher(meters).run(c, t0);
            assertThat(first).isEqualTo(new ReportDispatchJob.Outcome(1, 1, 0));
            // A new dispatcher (a restart) finds nothing due again for the delivered one.
            assertThat(dispatcher(meters).run(c, t0.plusSeconds(30))).isEqualTo(new ReportDispatchJob.Outcome(0, 0, 0));
            assertThat(dispatcher(meters).run(c, t0.plus(Duration.ofMinutes(1))).retried())
                    .isEqualTo(1);
            assertThat(dispatcher(meters).run(c, t0.plus(Duration.ofMinutes(5))).parked())
                    .isEqualTo(1);
            assertThat(dispatcher(meters).run(c, t0.plus(Duration.ofHours(1))))
                    .isEqualTo(new ReportDispatchJob.Outcome(0, 0, 0));
        }
        List<Received> ops = got.stream().filter(r -> r.path().equals("/ops")).toList();
        assertThat(ops).hasSize(1);
        Received notice = ops.get(0);
        assertThat(notice.signed()).isTrue();
        assertThat(notice.key()).isEqualTo("recall:acme:R-9:recall_created:ops");
        assertThat(notice.body().getString("event")).isEqualTo("recall_created");
        assertThat(notice.body().getString("tenant")).isEqualTo("acme");
        assertThat(notice.body().getString("recall")).isEqualTo("R-9");
        assertThat(notice.body().getJsonArray("lots").getList()).containsExactly(LOT);
        assertThat(notice.body().getString("reason")).isEqualTo("Listeria in the retained sample");
        assertThat(notice.body().getJsonArray("locations").getList())
                .containsExactlyInAnyOrder("wh-1", "store-a", "store-b");
        assertThat(notice.body().getString("path")).isEqualTo("/api/v1/tenants/acme/recalls/R-9");
        assertThat(got.stream().filter(r -> r.path().equals("/dead")).map(Received::key))
                .containsExactly(
                        "recall:acme:R-9:recall_created:dead",
                        "recall:acme:R-9:recall_created:dead",
                        "recall:acme:R-9:recall_created:dead");
        assertThat(got).noneMatch(r -> r.path().equals("/off") || r.path().equals("/theirs"));
        assertThat(meters.counter("coldchain_report_deliveries_total", "kind", "recall", "outcome", "parked")
                        .count())
                .isEqualTo(1.0);

        JsonObject page = new JsonObject(api.get(T + "/recalls/R-9", admin).body());
        assertThat(page.getJsonArray("notifications").stream()
                        .map(n -> (JsonObject) n)
                        .map(n -> n.getString("target") + "=" + n.getString("status") + "/" + n.getInteger("attempts"))
                        .toList())
                .containsExactlyInAnyOrder("ops=delivered/1", "dead=parked/3");
        assertThat(page.getJsonArray("notifications").stream()
                        .map(n -> (JsonObject) n)
                        .filter(n -> n.getString("target").equals("dead"))
                        .findFirst()
                        .orElseThrow()
                        .getString("last_error"))
                .contains("503");
        String regulator = api.token("acme", "regulator", "32");
        assertThat(new JsonObject(api.get(T + "/recalls/R-9", regulator).body()).getJsonArray("notifications"))
                .as("the tenant's targets are not a regulator's business")
                .isEmpty();

        // Closing tells the targets too, once.
        answers.put("/dead", 200);
        api.require(
                200,
                "POST",
                T + "/recalls/R-9/close",
                admin,
                new JsonObject().put("note", "stopped early").put("force", true));
        try (Connection c = api.pool.getConnection()) {
            assertThat(dispatcher(meters).run(c, Instant.now().plusSeconds(1)).delivered())
                    .isEqualTo(2);
            assertThat(dispatcher(meters).run(c, Instant.now().plusSeconds(2)).delivered())
                    .isZero();
        }
        assertThat(got.stream()
                        .filter(r -> "recall_closed".equals(r.body().getString("event")))
                        .map(Received::key))
                .containsExactlyInAnyOrder("recall:acme:R-9:recall_closed:ops", "recall:acme:R-9:recall_closed:dead");
        assertThat(got).allMatch(Received::signed);
    }
}
