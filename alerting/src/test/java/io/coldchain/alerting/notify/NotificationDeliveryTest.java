package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.coldchain.testkit.TestBroker;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher end to end with real parts: a migrated PostgreSQL of its own per test, the test
 * MQTT broker with a real subscriber, a real HTTP receiver, a real SMTP server (GreenMail).
 */
class NotificationDeliveryTest {
    private static final String SECRET = "webhook-secret-0123456789";
    private NotifyHarness h;

    @BeforeEach
    void start() {
        h = new NotifyHarness("notify");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void anAlertEventIsPublishedOnTheTenantsAlertTopicAtQos1WithItsIdempotencyKey() throws Exception {
        ConcurrentLinkedQueue<NotifyHarness.Received> got = h.subscribe("mqtt-acme");
        ConcurrentLinkedQueue<NotifyHarness.Received> other = h.subscribe("mqtt-other");
        Vertx vertx = h.vertx();
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 8));

        AlertEvent e = NotifyHarness.event("mqtt-acme", 7, "opened", "critical", 0);
        h.append(e);
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        NotifyHarness.Received r = got.peek();
        assertThat(r.topic()).isEqualTo("coldchain/v1/mqtt-acme/alerts");
        assertThat(r.qos()).isEqualTo(1);
        assertThat(r.idempotencyKey()).isEqualTo(e.idempotencyKey());
        assertThat(new JsonObject(r.payload())).isEqualTo(new JsonObject(e.payloadJson()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> h.deliveries("mqtt-acme", "delivered").size() == 1);
        assertThat(other).isEmpty();
        assertThat(h.registry
                        .get("coldchain_notify_deliveries")
                        .tags("channel", "mqtt", "outcome", "delivered")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(h.registry
                        .get("coldchain_notify_delivery_latency")
                        .tags("channel", "mqtt")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aWebhookThatFailsAtFirstIsRetriedAndDeliveredExactlyOnceSigned() throws Exception {
        Vertx vertx = h.vertx();
        WebhookReceiver receiver =
                new WebhookReceiver(SECRET).failFirst("/flaky", 3).start(vertx);
        h.webhook("hook", "ops", receiver.url("/flaky"), SECRET, "warning", 0);
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 8));

        AlertEvent e = NotifyHarness.event("hook", 8, "opened", "warning", 0);
        h.append(e);
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> deliveredWebhooks("hook").size() == 1);
        List<WebhookReceiver.Request> requests = List.copyOf(receiver.requests);
        assertThat(requests).hasSize(4);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.signatureValid()).as("signature").isTrue();
            assertThat(r.key()).isEqualTo(e.idempotencyKey());
            assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject(e.payloadJson()));
        });
        assertThat(requests).extracting(WebhookReceiver.Request::answered).containsExactly(503, 503, 503, 200);
        DeliveryRow row = deliveredWebhooks("hook").get(0);
        assertThat(row.attempts()).isEqualTo(4);
        assertThat(row.lastError()).isNull();
        assertThat(counter("webhook", "retried")).isEqualTo(3.0);
        assertThat(counter("webhook", "delivered")).isEqualTo(1.0);
    }

    @Test
    void aWebhookThatAlwaysFailsIsParkedAfterTheLastAttemptAndListedAsParked() throws Exception {
        Vertx vertx = h.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET)
                .failFirst("/down", Integer.MAX_VALUE)
                .start(vertx);
        h.webhook("parked", "down", receiver.url("/down"), SECRET, "warning", 0);
        h.webhook("parked", "switched-off", receiver.url("/off"), SECRET, "warning", 0);
        h.append(NotifyHarness.event("parked", 9, "opened", "critical", 0));
        // Disabled after the event was appended: nothing is sent to it, and that is visible.
        h.target(
                "parked",
                "switched-off",
                new NotificationTarget.Input(
                        Channel.WEBHOOK,
                        Optional.of(receiver.url("/off")),
                        Optional.empty(),
                        Optional.empty(),
                        "warning",
                        0,
                        false));
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 4));
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.deliveries("parked", "parked").size() == 2);
        DeliveryRow off = h.deliveries("parked", "parked").stream()
                .filter(r -> r.target().equals("switched-off"))
                .findFirst()
                .orElseThrow();
        assertThat(off.attempts()).isEqualTo(1);
        assertThat(off.lastError()).contains("disabled");
        assertThat(receiver.count("/off")).isZero();
        DeliveryRow parked = h.deliveries("parked", "parked").stream()
                .filter(r -> r.target().equals("down"))
                .findFirst()
                .orElseThrow();
        assertThat(parked.channel()).isEqualTo("webhook");
        assertThat(parked.target()).isEqualTo("down");
        assertThat(parked.attempts()).isEqualTo(4);
        assertThat(parked.lastError()).contains("HTTP 503");
        assertThat(receiver.count("/down")).isEqualTo(4);
        assertThat(counter("webhook", "parked")).isEqualTo(2.0);
        // The MQTT delivery of the same event is not held back by the failing webhook.
        assertThat(h.deliveries("parked", "delivered"))
                .extracting(DeliveryRow::channel)
                .containsExactly("mqtt");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> h.registry
                                .get("coldchain_notify_parked_deliveries")
                                .gauge()
                                .value()
                        == 2);
    }

    @Test
    void webhooksThatHangDoNotHoldUpTheAlertTopic() throws Exception {
        Vertx vertx = h.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET).hang("/stuck").start(vertx);
        h.webhook("stuck", "stuck", receiver.url("/stuck"), SECRET, "warning", 0);
        ConcurrentLinkedQueue<NotifyHarness.Received> topic = h.subscribe("stuck");
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 8)); // 16 in flight: 8 for the topic, 8 for targets

        List<AlertEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(NotifyHarness.event("stuck", 100 + i, "opened", "critical", 0));
        }
        h.append(events.toArray(AlertEvent[]::new));
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        // Every event reaches the topic while the webhook requests are still unanswered (the sender
        // gives up on them only after its 10 s timeout): the targets' share is full, the topic's is not.
        await().atMost(Duration.ofSeconds(20)).until(() -> topic.size() >= 20);
        assertThat(topic.stream().map(NotifyHarness.Received::idempotencyKey).collect(Collectors.toSet()))
                .isEqualTo(keysOf(events));
        // Held: as many as the web client's connection pool to one host allows, within the targets' share.
        assertThat(receiver.held).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        assertThat(h.deliveries("stuck", "pending")).hasSize(20).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo("webhook");
            assertThat(r.lastError()).isNull();
        });
    }

    @Test
    void anEmailTargetGetsAPlainTextMailNamingSeverityRuleAndSensor() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(TestBroker.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Vertx vertx = h.vertx();
            h.email("mail", "qa-team", "qa@dairy.example", "warning", 0);
            h.deploy(
                    vertx,
                    NotifyHarness.options(
                            Optional.of("127.0.0.1"), smtp.getSmtp().getPort(), 8));
            AlertEvent e = NotifyHarness.event("mail", 12, "opened", "critical", 0);
            h.append(e);
            vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

            assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("qa@dairy.example");
            assertThat(m.getFrom()[0].toString()).isEqualTo("alerts@coldchain.test");
            assertThat(m.getSubject())
                    .contains("CRITICAL")
                    .contains("opened")
                    .contains("above 8.0 C at once")
                    .contains("truck-017-p1");
            assertThat(m.getHeader("X-Coldchain-Idempotency-Key")[0]).isEqualTo(e.idempotencyKey());
            String body = ((String) m.getContent()).replace("\r\n", "\n");
            assertThat(body)
                    .contains("asset: truck-017")
                    .contains("peak_c: 9.4")
                    .contains("batches: [\"LOT-1\",\"LOT-2\"]");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.deliveries("mail", "delivered").stream()
                            .anyMatch(r -> r.channel().equals("email")));
        } finally {
            smtp.stop();
        }
    }

    @Test
    void theOutboxSurvivesACrashEveryEventIsDeliveredWithItsKey() throws Exception {
        String tenant = "crash";
        Vertx receiverVertx = h.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET).start(receiverVertx);
        h.webhook(tenant, "erp", receiver.url("/erp"), SECRET, "warning", 0);
        ConcurrentLinkedQueue<NotifyHarness.Received> topic = h.subscribe(tenant);

        // An instance claimed these and was killed before it recorded anything: the rows are left
        // exactly as a SIGKILL after the claim leaves them (attempt counted, lease running).
        List<AlertEvent> claimedByTheDead = List.of(
                NotifyHarness.event(tenant, 1, "opened", "critical", 0),
                NotifyHarness.event(tenant, 2, "opened", "warning", 0),
                NotifyHarness.event(tenant, 1, "acknowledged", "critical", 0));
        h.append(claimedByTheDead.toArray(AlertEvent[]::new));
        try (Connection c = h.pool.getConnection()) {
            assertThat(h.outbox.claimDue(c, 100, Duration.ofSeconds(2))).hasSize(6);
        }
        // Appended while no dispatcher ran at all (the process was down).
        List<AlertEvent> appendedWhileDown = List.of(
                NotifyHarness.event(tenant, 2, "resolved", "warning", 0),
                NotifyHarness.event(tenant, 3, "opened", "critical", 0));
        h.append(appendedWhileDown.toArray(AlertEvent[]::new));

        // A new instance on the same database.
        h.deploy(h.vertx(), NotifyHarness.options(Optional.empty(), 25, 8));

        Set<String> keys = java.util.stream.Stream.concat(claimedByTheDead.stream(), appendedWhileDown.stream())
                .map(AlertEvent::idempotencyKey)
                .collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.deliveries(tenant, "delivered").size() == 10);
        assertThat(receiver.accepted).isEqualTo(keys);
        assertThat(receiver.requests)
                .allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(topic.stream().map(NotifyHarness.Received::idempotencyKey).collect(Collectors.toSet()))
                .isEqualTo(keys);
        assertThat(topic)
                .allSatisfy(r -> assertThat(new JsonObject(r.payload()).getString("idempotency_key"))
                        .isEqualTo(r.idempotencyKey()));
        assertThat(h.deliveries(tenant, null))
                .allSatisfy(r -> assertThat(r.attempts())
                        .isEqualTo(keysOf(claimedByTheDead).contains(r.idempotencyKey()) ? 2 : 1));
    }

    private static Set<String> keysOf(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::idempotencyKey).collect(Collectors.toSet());
    }

    private List<DeliveryRow> deliveredWebhooks(String tenant) throws Exception {
        return h.deliveries(tenant, "delivered").stream()
                .filter(r -> r.channel().equals("webhook"))
                .toList();
    }

    private double counter(String channel, String outcome) {
        Counter c = h.registry
                .get("coldchain_notify_deliveries")
                .tags("channel", channel, "outcome", outcome)
                .counter();
        return c.count();
    }
}
