package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * By default a webhook is never delivered to this machine or its networks, even when the target got
 * into the database (registered earlier, or by a name that resolved elsewhere then): every delivery
 * resolves, checks and connects to the checked address. With the setting on, the same target works.
 */
class WebhookPrivateDestinationTest {
    private static final String SECRET = "0123456789abcdef-private";
    private NotifyHarness h;

    @BeforeEach
    void setUp() {
        h = new NotifyHarness("webhook_private");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private static Optional<String> loopbackName() throws Exception {
        String name = InetAddress.getLocalHost().getHostName();
        boolean usable = WebhookAddresses.refusalWithoutLookup(name).isEmpty()
                && InetAddress.getByName(name).isLoopbackAddress();
        return usable ? Optional.of(name) : Optional.empty();
    }

    @Test
    void a_webhook_to_a_loopback_receiver_is_refused_at_delivery_and_never_reaches_it() throws Exception {
        Vertx vertx = h.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET).start(vertx);
        h.webhook("private", "literal", receiver.url("/literal"), SECRET, "warning", 0);
        Optional<String> name = loopbackName();
        if (name.isPresent()) {
            h.webhook(
                    "private",
                    "rebound",
                    receiver.url("/rebound").replace("127.0.0.1", name.get()),
                    SECRET,
                    "warning",
                    0);
        }
        h.append(NotifyHarness.event("private", 1, "opened", "critical", 0));
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 2).withWebhookAllowPrivate(false));
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        int expected = name.isPresent() ? 2 : 1;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.deliveries("private", "parked").size() == expected);
        DeliveryRow literal = h.deliveries("private", "parked").stream()
                .filter(r -> r.target().equals("literal"))
                .findFirst()
                .orElseThrow();
        assertThat(literal.lastError()).contains("loopback").contains(WebhookAddresses.SETTING);
        name.ifPresent(n -> {
            try {
                DeliveryRow rebound = h.deliveries("private", "parked").stream()
                        .filter(r -> r.target().equals("rebound"))
                        .findFirst()
                        .orElseThrow();
                assertThat(rebound.lastError()).contains(n + " resolves to 127.");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(receiver.requests).isEmpty();
        // The MQTT alert topic is not a webhook: delivered as ever.
        assertThat(h.deliveries("private", "delivered"))
                .extracting(DeliveryRow::channel)
                .containsExactly("mqtt");
    }

    @Test
    void with_the_setting_the_same_receiver_gets_the_event_also_by_a_name() throws Exception {
        Optional<String> name = loopbackName();
        assumeTrue(name.isPresent(), "this machine's name does not resolve to a loopback address");
        Vertx vertx = h.vertx();
        WebhookReceiver receiver = new WebhookReceiver(SECRET).start(vertx);
        h.webhook("allowed", "named", receiver.url("/named").replace("127.0.0.1", name.get()), SECRET, "warning", 0);
        h.append(NotifyHarness.event("allowed", 2, "opened", "critical", 0));
        h.deploy(vertx, NotifyHarness.options(Optional.empty(), 25, 2));
        vertx.eventBus().send(NotificationVerticle.WAKE_ADDRESS, null);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.deliveries("allowed", "delivered").size() == 2);
        assertThat(receiver.count("/named")).isEqualTo(1);
        assertThat(receiver.requests)
                .allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
    }
}
