package io.coldchain.api;

import static io.coldchain.api.TestApi.assertBadBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.alerting.notify.AlertEvent;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.config.NotifyOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final OutboxStore outbox = new OutboxStore();

    private static TestApi api;
    /** A second server on the same database, with an SMTP server configured. */
    private static String withSmtp;

    private static String admin;
    private static String qa;
    private static String regulator;
    private static String otherQa;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("notifyapi", 6, () -> true);
        admin = api.token("acme", "admin", null);
        qa = api.token("acme", "qa", null);
        regulator = api.token("acme", "regulator", "320300");
        otherQa = api.token("other", "qa", null);
        withSmtp = api.serve(new NotifyOptions(
                Optional.of("smtp.example.com"),
                587,
                Optional.empty(),
                Optional.empty(),
                "alerts@example.com",
                true,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    // ---- targets ------------------------------------------------------------------------------------

    @Test
    void aWebhookTargetIsCreatedReplacedAndReadWithoutItsSecret() throws Exception {
        JsonObject hook = new JsonObject()
                .put("channel", "webhook")
                .put("url", "https://hooks.example.com/coldchain")
                .put("secret", "s3cret-s3cret-s3cret");
        HttpResponse<String> created = api.put(T + "/notification-targets/ops-hook", hook, admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject row = new JsonObject(created.body());
        assertThat(row.getString("channel")).isEqualTo("webhook");
        assertThat(row.getBoolean("secret_set")).isTrue();
        assertThat(row.getString("min_severity")).isEqualTo("warning");
        assertThat(row.getInteger("escalation_level")).isZero();
        assertThat(row.getBoolean("enabled")).isTrue();
        assertThat(created.body()).doesNotContain("s3cret");

        JsonObject replaced = new JsonObject()
                .put("channel", "webhook")
                .put("url", "https://hooks.example.com/v2")
                .put("min_severity", "critical")
                .put("escalation_level", 1);
        HttpResponse<String> r = api.put(T + "/notification-targets/ops-hook", replaced, admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject got =
                new JsonObject(api.get(T + "/notification-targets/ops-hook", qa).body());
        assertThat(got.getString("url")).isEqualTo("https://hooks.example.com/v2");
        assertThat(got.getString("min_severity")).isEqualTo("critical");
        assertThat(got.getBoolean("secret_set")).as("kept").isTrue();
        JsonArray all = new JsonObject(api.get(T + "/notification-targets", qa).body()).getJsonArray("targets");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("target"))).contains("ops-hook");
        assertThat(api.get(T + "/notification-targets", qa).body()).doesNotContain("s3cret");

        JsonArray audit = new JsonObject(api.get(T + "/audit", admin).body()).getJsonArray("entries");
        List<JsonObject> entries = audit.stream()
                .map(o -> (JsonObject) o)
                .filter(e -> "notification_target".equals(e.getString("entity")))
                .toList();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
        assertThat(entries.get(0).getString("action")).isEqualTo("put_notification_target");
        assertThat(audit.encode()).doesNotContain("s3cret");
    }

    @Test
    void targetBodiesAreCheckedNamingTheField() throws Exception {
        assertInvalid(new JsonObject().put("channel", "sms").put("url", "https://x.example.com"), "channel");
        assertInvalid(
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "ftp://x.example.com")
                        .put("secret", "0123456789abcdef"),
                "url");
        assertInvalid(new JsonObject().put("channel", "webhook").put("url", "https://x.example.com"), "secret");
        assertInvalid(
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://x.example.com")
                        .put("secret", "short"),
                "secret");
        assertInvalid(
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://x.example.com")
                        .put("secret", "0123456789abcdef")
                        .put("min_severity", "info"),
                "min_severity");
        assertInvalid(
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://x.example.com")
                        .put("secret", "0123456789abcdef")
                        .put("escalation_level", -1),
                "escalation_level");
        assertInvalid(
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://x.example.com")
                        .put("secret", "0123456789abcdef")
                        .put("min_severty", "critical"),
                "min_severty");
    }

    private static void assertInvalid(JsonObject body, String field) throws Exception {
        assertBadBody(api.put(T + "/notification-targets/bad", body, admin), field);
    }

    @Test
    void emailTargetsAreRefusedWithoutAnSmtpServerAndAcceptedWithOne() throws Exception {
        JsonObject mail = new JsonObject().put("channel", "email").put("address", "qa@dairy.example");
        HttpResponse<String> refused = api.put(T + "/notification-targets/qa-mail", mail, admin);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("detail"))
                .contains("channel")
                .contains("COLDCHAIN_SMTP_HOST");

        HttpResponse<String> created = putWithSmtp(T + "/notification-targets/qa-mail", mail, admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getString("address")).isEqualTo("qa@dairy.example");
        HttpResponse<String> badAddress = putWithSmtp(
                T + "/notification-targets/qa-mail",
                new JsonObject().put("channel", "email").put("address", "not an address"),
                admin);
        assertThat(badAddress.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badAddress.body()).getString("detail")).contains("address");
    }

    @Test
    void onlyAdminsWriteAdminsAndQaReadRegulatorsAreForbiddenOtherTenantsSeeNothing() throws Exception {
        JsonObject hook = new JsonObject()
                .put("channel", "webhook")
                .put("url", "https://x.example.com")
                .put("secret", "0123456789abcdef");
        assertThat(api.put(T + "/notification-targets/h", hook, qa).statusCode())
                .isEqualTo(403);
        assertThat(api.put(T + "/notification-targets/h", hook, regulator).statusCode())
                .isEqualTo(403);
        assertThat(api.get(T + "/notification-targets", regulator).statusCode()).isEqualTo(403);
        assertThat(api.get(T + "/notification-deliveries", regulator).statusCode())
                .isEqualTo(403);
        assertThat(api.get(T + "/notification-targets", otherQa).statusCode()).isEqualTo(404);
        assertThat(api.get(T + "/notification-deliveries", otherQa).statusCode())
                .isEqualTo(404);
        assertThat(api.get(T + "/notification-targets/nope", qa).statusCode()).isEqualTo(404);
        assertThat(api.get(T + "/alerts/stream", regulator).statusCode()).isEqualTo(403);
        assertThat(api.get(T + "/alerts/stream", otherQa).statusCode()).isEqualTo(404);
        assertThat(api.get(T + "/alerts/stream", null).statusCode()).isEqualTo(401);
    }

    @Test
    void deliveriesAreListedNewestFirstAndFilteredByStatus() throws Exception {
        long first = append(event("deliv", 1, "opened"));
        long second = append(event("deliv", 1, "acknowledged"));
        String path = "/api/v1/tenants/deliv/notification-deliveries";
        String token = api.token("deliv", "qa", null);
        JsonArray all = new JsonObject(api.get(path, token).body()).getJsonArray("deliveries");
        assertThat(all.stream().map(o -> ((JsonObject) o).getLong("outbox_id"))).containsExactly(second, first);
        JsonObject d = all.getJsonObject(0);
        assertThat(d.getString("channel")).isEqualTo("mqtt");
        assertThat(d.getString("target")).isEqualTo("coldchain/v1/deliv/alerts");
        assertThat(d.getString("status")).isEqualTo("pending");
        assertThat(d.getString("event")).isEqualTo("acknowledged");
        assertThat(new JsonObject(api.get(path + "?status=parked", token).body()).getJsonArray("deliveries"))
                .isEmpty();
        assertThat(new JsonObject(
                                api.get(path + "?status=pending&limit=1", token).body())
                        .getJsonArray("deliveries"))
                .hasSize(1);
        assertThat(api.get(path + "?status=lost", token).statusCode()).isEqualTo(400);
    }

    // ---- the live stream ----------------------------------------------------------------------------

    @Test
    void theStreamSendsNewEventsResumesAfterLastEventIdAndNeverShowsAnotherTenant() throws Exception {
        String token = api.token("live", "qa", null);
        String path = "/api/v1/tenants/live/alerts/stream";
        try (SseClient stream = SseClient.open(api.base + path, token, null)) {
            assertThat(stream.contentType).startsWith("text/event-stream");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> api.metrics
                                    .find("coldchain_notify_sse_connections")
                                    .gauge()
                                    .value()
                            >= 1);
            long a = append(event("live", 1, "opened"));
            append(event("elsewhere", 2, "opened"));
            long b = append(event("live", 1, "acknowledged"));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() >= 2);
            assertThat(stream.events).extracting(SseEvent::id).containsExactly(a, b);
            assertThat(stream.events).extracting(SseEvent::event).containsExactly("opened", "acknowledged");
            assertThat(new JsonObject(stream.events.get(0).data()).getString("tenant"))
                    .isEqualTo("live");
        }

        long c = append(event("live", 1, "resolved"));
        append(event("elsewhere", 2, "resolved"));
        long d = append(event("live", 3, "opened"));
        long a = firstIdOf("live");
        // Reconnect as a browser does after having seen a only: b, c and d come first, in order, then live events.
        try (SseClient again = SseClient.open(api.base + path, token, String.valueOf(a))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> again.events.size() >= 3);
            assertThat(again.events).extracting(SseEvent::id).containsExactly(a + 2, c, d);
            assertThat(again.events)
                    .allSatisfy(e -> assertThat(new JsonObject(e.data()).getString("tenant"))
                            .isEqualTo("live"));
            long e = append(event("live", 3, "escalated"));
            await().atMost(Duration.ofSeconds(10)).until(() -> again.events.size() >= 4);
            assertThat(again.events).extracting(SseEvent::id).containsExactly(a + 2, c, d, e);
        }
    }

    @Test
    void everyInstanceStreamsEveryEventWhereverItWasAppended() throws Exception {
        // Two HTTP edges on one database stand for two backend instances: the stream reads the outbox
        // table, so an event appended by either reaches the clients of both.
        String token = api.token("multi", "admin", null);
        String path = "/api/v1/tenants/multi/alerts/stream";
        try (SseClient one = SseClient.open(api.base + path, token, null);
                SseClient two = SseClient.open(withSmtp + path, token, null)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> api.metrics
                                    .find("coldchain_notify_sse_connections")
                                    .gauge()
                                    .value()
                            >= 1);
            long a = append(event("multi", 1, "opened"));
            long b = append(event("multi", 1, "escalated"));
            await().atMost(Duration.ofSeconds(10)).until(() -> one.events.size() >= 2 && two.events.size() >= 2);
            assertThat(one.events).extracting(SseEvent::id).containsExactly(a, b);
            assertThat(two.events).extracting(SseEvent::id).containsExactly(a, b);
        }
    }

    @Test
    void aBadLastEventIdIsRefused() throws Exception {
        HttpResponse<String> r =
                api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/v1/tenants/acme/alerts/stream"))
                        .header("Authorization", "Bearer " + qa)
                        .header("Last-Event-ID", "yesterday"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("Last-Event-ID");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static long firstIdOf(String tenant) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            return outbox.tenantEventsBetween(c, tenant, 0, Long.MAX_VALUE, 1)
                    .get(0)
                    .id();
        }
    }

    private static AlertEvent event(String tenant, long alertId, String event) {
        String key = tenant + ":" + alertId + ":" + event + ":" + System.nanoTime();
        return new AlertEvent(
                tenant,
                alertId,
                event,
                "critical",
                0,
                key,
                "{\"event\":\"" + event + "\",\"id\":" + alertId + ",\"tenant\":\"" + tenant
                        + "\",\"severity\":\"critical\"}");
    }

    private static long append(AlertEvent e) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            c.setAutoCommit(false);
            long id = outbox.append(c, e);
            c.commit();
            return id;
        }
    }

    /** A PUT to the server with an SMTP server. */
    private static HttpResponse<String> putWithSmtp(String path, JsonObject body, String token) throws Exception {
        return api.sendTo(
                withSmtp + path, "PUT", token, body.encode().getBytes(StandardCharsets.UTF_8), "application/json");
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
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> r = api.client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
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
