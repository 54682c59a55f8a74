package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.error.ColdchainException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox's SQL against a real PostgreSQL: idempotent appends, who receives what, leased claims. */
class OutboxStoreTest {
    private static NotifyHarness h;

    @BeforeAll
    static void start() {
        h = new NotifyHarness("outbox");
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void aSecondAppendWithTheSameKeyIsANoOpReturningTheFirstId() throws Exception {
        AlertEvent e = NotifyHarness.event("idem", 1, "opened", "warning", 0);
        long first = h.append(e).get(0);
        long again = h.append(e).get(0);
        assertThat(again).isEqualTo(first);
        assertThat(h.deliveries("idem", null)).hasSize(1);
    }

    @Test
    void everyKindOfEventTheAlertStoreMayAppendIsAccepted() throws Exception {
        long alert = 100;
        for (String event : AlertEvent.EVENTS) {
            assertThat(h.append(NotifyHarness.event("kinds", alert++, event, "critical", 0))
                            .get(0))
                    .isPositive();
        }
        assertThat(h.deliveries("kinds", null))
                .extracting(DeliveryRow::event)
                .containsExactlyInAnyOrderElementsOf(AlertEvent.EVENTS);
    }

    @Test
    void everyEventGoesToTheAlertTopicAndToTheTargetsItMatches() throws Exception {
        String t = "match";
        h.webhook(t, "all", "http://127.0.0.1:1/all", "0123456789abcdef", "warning", 0);
        h.webhook(t, "critical-only", "http://127.0.0.1:1/crit", "0123456789abcdef", "critical", 0);
        h.email(t, "escalation-1", "duty@example.com", "warning", 1);
        h.email(t, "escalation-2", "boss@example.com", "warning", 2);
        h.target(
                t,
                "off",
                new NotificationTarget.Input(
                        Channel.EMAIL,
                        Optional.empty(),
                        Optional.of("off@example.com"),
                        Optional.empty(),
                        "warning",
                        0,
                        false));
        h.webhook("other", "elsewhere", "http://127.0.0.1:1/x", "0123456789abcdef", "warning", 0);

        long warning =
                h.append(NotifyHarness.event(t, 10, "opened", "warning", 0)).get(0);
        long critical =
                h.append(NotifyHarness.event(t, 11, "opened", "critical", 0)).get(0);
        long escalated =
                h.append(NotifyHarness.event(t, 10, "escalated", "warning", 1)).get(0);
        long escalatedTwice =
                h.append(NotifyHarness.event(t, 10, "escalated", "warning", 2)).get(0);

        List<DeliveryRow> rows = h.deliveries(t, "pending");
        assertThat(receivers(rows, warning)).containsExactlyInAnyOrder("mqtt:coldchain/v1/match/alerts", "webhook:all");
        assertThat(receivers(rows, critical))
                .containsExactlyInAnyOrder("mqtt:coldchain/v1/match/alerts", "webhook:all", "webhook:critical-only");
        assertThat(receivers(rows, escalated))
                .containsExactlyInAnyOrder("mqtt:coldchain/v1/match/alerts", "webhook:all", "email:escalation-1");
        assertThat(receivers(rows, escalatedTwice))
                .containsExactlyInAnyOrder(
                        "mqtt:coldchain/v1/match/alerts", "webhook:all", "email:escalation-1", "email:escalation-2");
    }

    private static List<String> receivers(List<DeliveryRow> rows, long outboxId) {
        return rows.stream()
                .filter(r -> r.outboxId() == outboxId)
                .map(r -> r.channel() + ":" + r.target())
                .toList();
    }

    @Test
    void aClaimedDeliveryIsNotClaimedAgainUntilItsLeaseEnds() throws Exception {
        h.dueNow();
        drain();
        AlertEvent e = NotifyHarness.event("lease", 20, "opened", "critical", 0);
        long id = h.append(e).get(0);
        try (Connection c = h.pool.getConnection()) {
            List<ClaimedDelivery> first = h.outbox.claimDue(c, 100, Duration.ofMillis(600));
            assertThat(first).extracting(d -> d.key().outboxId()).containsExactly(id);
            ClaimedDelivery d = first.get(0);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.idempotencyKey()).isEqualTo(e.idempotencyKey());
            assertThat(d.key().target()).isEqualTo("coldchain/v1/lease/alerts");
            assertThat(new io.vertx.core.json.JsonObject(d.payloadJson()).getString("tenant"))
                    .isEqualTo("lease");

            assertThat(h.outbox.claimDue(c, 100, Duration.ofMillis(600))).isEmpty();
            Thread.sleep(800); // the lease of a claimer that died
            List<ClaimedDelivery> second = h.outbox.claimDue(c, 100, Duration.ofSeconds(30));
            assertThat(second).hasSize(1);
            assertThat(second.get(0).attempts()).isEqualTo(2);

            assertThat(h.outbox.markDelivered(c, d.key())).isTrue();
            assertThat(h.outbox.markDelivered(c, d.key())).as("recorded once").isFalse();
        }
        DeliveryRow row = h.deliveries("lease", "delivered").get(0);
        assertThat(row.deliveredAt()).isNotNull();
        assertThat(row.attempts()).isEqualTo(2);
    }

    @Test
    void concurrentClaimersSkipEachOthersRows() throws Exception {
        h.dueNow();
        drain();
        for (int i = 0; i < 6; i++) {
            h.append(NotifyHarness.event("skip", 30 + i, "opened", "warning", 0));
        }
        try (Connection holder = h.pool.getConnection();
                Connection other = h.pool.getConnection()) {
            holder.setAutoCommit(false);
            List<ClaimedDelivery> held =
                    h.outbox.claimDue(holder, 4, Duration.ofSeconds(30)); // locks kept until commit
            List<ClaimedDelivery> rest =
                    h.outbox.claimDue(other, 100, Duration.ofSeconds(30)); // does not wait for them
            holder.commit();
            assertThat(held).hasSize(4);
            assertThat(rest).hasSize(2);
            assertThat(rest)
                    .extracting(ClaimedDelivery::key)
                    .doesNotContainAnyElementsOf(
                            held.stream().map(ClaimedDelivery::key).toList());
        }
    }

    @Test
    void retriesAndParkingAreRecordedAndListed() throws Exception {
        h.dueNow();
        drain();
        h.append(NotifyHarness.event("park", 40, "opened", "warning", 0));
        try (Connection c = h.pool.getConnection()) {
            ClaimedDelivery d = h.outbox.claimDue(c, 10, Duration.ofSeconds(30)).get(0);
            assertThat(h.outbox.markRetry(c, d.key(), "HTTP 503", Duration.ofMillis(1)))
                    .isTrue();
            Thread.sleep(20);
            ClaimedDelivery again =
                    h.outbox.claimDue(c, 10, Duration.ofSeconds(30)).get(0);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(h.outbox.markParked(c, again.key(), "HTTP 503 " + "x".repeat(5000)))
                    .isTrue();
            assertThat(h.outbox.claimDue(c, 10, Duration.ofSeconds(30)))
                    .as("parked is never claimed")
                    .isEmpty();
            assertThat(h.outbox.backlog(c).parked()).isGreaterThanOrEqualTo(1);
        }
        List<DeliveryRow> parked = h.deliveries("park", "parked");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).lastError()).startsWith("HTTP 503").hasSizeLessThan(1100);
        assertThat(h.deliveries("park", "pending")).isEmpty();
    }

    @Test
    void aWebhookTargetNeedsASecretOnceAndKeepsIt() throws Exception {
        NotificationTarget.Input noSecret = new NotificationTarget.Input(
                Channel.WEBHOOK,
                Optional.of("https://hooks.example.com/a"),
                Optional.empty(),
                Optional.empty(),
                "warning",
                0,
                true);
        try (Connection c = h.pool.getConnection()) {
            assertThatThrownBy(() -> h.targets.put(c, "secret", "hook", noSecret))
                    .isInstanceOf(ColdchainException.class)
                    .hasMessageContaining("secret");
            var created = h.targets.put(
                    c,
                    "secret",
                    "hook",
                    new NotificationTarget.Input(
                            Channel.WEBHOOK,
                            Optional.of("https://hooks.example.com/a"),
                            Optional.empty(),
                            Optional.of("0123456789abcdef"),
                            "warning",
                            0,
                            true));
            assertThat(created.created()).isTrue();
            assertThat(created.after().secretSet()).isTrue();
            var replaced = h.targets.put(
                    c,
                    "secret",
                    "hook",
                    new NotificationTarget.Input(
                            Channel.WEBHOOK,
                            Optional.of("https://hooks.example.com/b"),
                            Optional.empty(),
                            Optional.empty(),
                            "critical",
                            0,
                            true));
            assertThat(replaced.created()).isFalse();
            assertThat(replaced.changed()).isTrue();
            assertThat(replaced.after().url()).contains("https://hooks.example.com/b");
            assertThat(replaced.after().secretSet()).as("kept").isTrue();
            var same = h.targets.put(
                    c,
                    "secret",
                    "hook",
                    new NotificationTarget.Input(
                            Channel.WEBHOOK,
                            Optional.of("https://hooks.example.com/b"),
                            Optional.empty(),
                            Optional.empty(),
                            "critical",
                            0,
                            true));
            assertThat(same.changed()).isFalse();
        }
    }

    /** Leaves no due delivery from an earlier test for the next claim to find. */
    private static void drain() throws Exception {
        try (Connection c = h.pool.getConnection()) {
            for (ClaimedDelivery d : h.outbox.claimDue(c, 10_000, Duration.ofSeconds(1))) {
                h.outbox.markDelivered(c, d.key());
            }
        }
    }
}
