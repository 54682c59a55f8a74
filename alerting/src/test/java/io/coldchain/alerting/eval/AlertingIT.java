package io.coldchain.alerting.eval;

import static io.coldchain.alerting.eval.AlertFixture.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.AlertingOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Alerting end to end below the HTTP and MQTT edges: readings through ingest's writer into a real
 * PostgreSQL, evaluated from the queue the writer fills, alerts read back from their tables.
 */
class AlertingIT {
    private static final AlertingOptions OPTIONS = AlertingOptions.defaults();

    @Test
    void anExcursionAboveEightOpensOneCriticalAlertNamingShipmentAndBatchesAndHoldsThem() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_basic")) {
            f.ship("S1", 0, null, "L1", "L2");
            AlertingVerticle v = f.verticle(OPTIONS);
            f.readings("gw-truck", "truck-1-p1", 0, repeat(4.0, 10));
            f.readings("gw-truck", "truck-1-p1", 10, repeat(9.0, 5));
            f.readings("gw-truck", "truck-1-p1", 15, repeat(4.0, 16));
            f.evaluate(v);

            assertThat(
                            f.strings(
                                    "SELECT kind || ':' || threshold || ':' || severity || ':' || sensor || ':' || started_at "
                                            + "|| ':' || ended_at FROM alerts WHERE status NOT IN ('merged', 'retracted') ORDER BY id"))
                    .containsExactly("above:8:critical:truck-1-p1:" + pg(f, 10) + ":" + pg(f, 15));
            assertThat(f.strings("SELECT lot || '/' || shipment FROM alert_batches ORDER BY lot"))
                    .containsExactly("L1/S1", "L2/S1");
            // Each batch's time above 8 °C over its journey: the five readings at 9 °C, a minute each.
            assertThat(f.strings("SELECT exposure_s FROM alert_batches ORDER BY lot"))
                    .containsExactly("300", "300");
            assertThat(f.strings("SELECT lot FROM batch_holds WHERE decided_at IS NULL ORDER BY lot"))
                    .containsExactly("L1", "L2");
            assertThat(f.events()).containsExactly("opened", "ended");

            // The gateway redelivers everything (a crash between commit and PUBACK): nothing changes.
            long history = f.count("SELECT count(*) FROM alert_history");
            f.readings("gw-truck", "truck-1-p1", 0, repeat(4.0, 10));
            f.readings("gw-truck", "truck-1-p1", 10, repeat(9.0, 5));
            f.readings("gw-truck", "truck-1-p1", 15, repeat(4.0, 16));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM alert_history")).isEqualTo(history);
            assertThat(f.strings("SELECT version FROM alerts")).containsExactly("1");
            assertThat(f.events()).hasSize(2);
        }
    }

    @Test
    void justBelowTheThresholdAndJustShortOfTheDelayRaiseNothingJustAboveRaisesTheAlert() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_edges")) {
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            f.readings("gw-truck", "truck-1-p1", 0, repeat(8.0, 5)); // 8.0 is not above 8 (but above 6)
            f.readings("gw-truck", "truck-1-p1", 5, repeat(6.5, 24)); // above 6 from minute 0 to 29: 29 min
            f.readings("gw-truck", "truck-1-p1", 29, repeat(4.0, 71)); // no gap before minute 100
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();

            f.readings("gw-truck", "truck-1-p1", 100, repeat(6.1, 30)); // above 6 from minute 100 to 130: 30 min
            f.readings("gw-truck", "truck-1-p1", 130, repeat(4.0, 20));
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || threshold || ':' || severity || ':' || started_at FROM alerts"))
                    .containsExactly("above:6:warning:" + pg(f, 100));
        }
    }

    @Test
    void aBacklogReplayedBackwardsGivesTheAlertsOfInOrderDelivery() throws Exception {
        double[] temps = new double[120];
        for (int i = 0; i < temps.length; i++) {
            temps[i] = i >= 20 && i < 60 ? 7.0 : i >= 80 && i < 83 ? 9.5 : 4.0;
        }
        List<String> inOrder;
        java.time.Instant t0;
        try (AlertFixture f = new AlertFixture("alert_inorder")) {
            t0 = f.t0;
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            f.readings("gw-truck", "truck-1-p1", 0, temps);
            f.evaluate(v);
            inOrder = summary(f);
        }
        assertThat(inOrder).hasSize(2); // above 6 for 30 min (40 min long) and above 8 at once
        // The same event times: the summaries compare absolute timestamps.
        try (AlertFixture f = new AlertFixture("alert_backwards", t0)) {
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            for (int start = 110; start >= 0; start -= 10) {
                double[] chunk = java.util.Arrays.copyOfRange(temps, start, start + 10);
                f.readings("gw-truck", "truck-1-p1", start, chunk);
                f.evaluate(v); // evaluated after every chunk, as a live backend would
            }
            assertThat(summary(f)).isEqualTo(inOrder);
        }
    }

    @Test
    void aRestartInTheMiddleOfAnExcursionYieldsOneAlert() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_restart")) {
            f.ship("S1", 0, null, "L1");
            f.readings("gw-truck", "truck-1-p1", 0, repeat(7.0, 40));
            f.evaluate(f.verticle(OPTIONS));
            assertThat(f.strings("SELECT rule_key || ':' || (ended_at IS NULL) FROM alerts"))
                    .containsExactly("above:6.0:d30:warning:true");
            // A new backend instance: all state is in the database.
            f.readings("gw-truck", "truck-1-p1", 40, repeat(7.0, 10));
            f.readings("gw-truck", "truck-1-p1", 50, repeat(4.0, 10));
            f.evaluate(f.verticle(OPTIONS));
            assertThat(f.strings("SELECT started_at || '/' || ended_at FROM alerts"))
                    .containsExactly(pg(f, 0) + "/" + pg(f, 50));
            assertThat(f.events()).containsExactly("opened", "ended");
        }
    }

    @Test
    void twoInstancesEvaluatingTheSameQueueRaiseOneAlertPerEpisode() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_two")) {
            f.ship("S1", 0, null, "L1");
            for (int m = 0; m < 60; m += 5) {
                f.readings("gw-truck", "truck-1-p1", m, repeat(m >= 10 && m < 50 ? 9.0 : 4.0, 5));
                f.readings("gw-store", "room-1-p1", m, repeat(4.0, 5));
            }
            AlertingVerticle a = f.verticle(OPTIONS);
            AlertingVerticle b = f.verticle(OPTIONS);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Void>> work = new ArrayList<>();
                for (AlertingVerticle v : List.of(a, b)) {
                    work.add(() -> {
                        f.evaluate(v);
                        return null;
                    });
                }
                for (Future<Void> done : pool.invokeAll(work)) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(f.strings("SELECT kind || ':' || threshold FROM alerts ORDER BY threshold"))
                    .containsExactly("above:6", "above:8");
            assertThat(f.count("SELECT count(*) FROM reading_changes")).isZero();
            assertThat(f.count("SELECT count(*) FROM reading_change_sets")).isZero();
        }
    }

    @Test
    void aBatchCrossesItsBudgetOnlyOnTheLastLegOfItsJourney() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_legs")) {
            f.ship("S1", 0, 60, "L1");
            f.place("L1", "room-1", 60, 120);
            f.place("L1", "case-1", 120, null);
            AlertingVerticle v = f.verticle(OPTIONS);
            // Each leg: 20-minute excursions at 7 °C (short of the 30-minute warning), 10 minutes back at 4 °C.
            f.readings("gw-truck", "truck-1-p1", 0, legTemps(60));
            f.readings("gw-store", "room-1-p1", 60, legTemps(60));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero(); // 80 min of 120 so far
            f.readings("gw-store", "case-1-p1", 120, legTemps(60));
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || lot || ':' || asset || ':' || severity FROM alerts"))
                    .containsExactly("cumulative_above:L1:case-1:critical");
            assertThat(f.strings("SELECT fired_at FROM alerts")).containsExactly(pg(f, 120 + 30 + 20));
        }
    }

    /** 0–20 at 7 °C, 20–30 at 4 °C, repeated: 40 minutes above 6 per hour. */
    private static double[] legTemps(int minutes) {
        double[] t = new double[minutes];
        for (int i = 0; i < minutes; i++) {
            t[i] = i % 30 < 20 ? 7.0 : 4.0;
        }
        return t;
    }

    @Test
    void anUnacknowledgedCriticalAlertIsEscalatedAndAnAcknowledgedOneIsNot() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_escalate")) {
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            f.readings("gw-truck", "truck-1-p1", 0, 9.0, 9.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0);
            f.evaluate(v);
            f.clock.advance(Duration.ofMinutes(14));
            assertThat(v.escalate()).isZero();
            f.clock.advance(Duration.ofMinutes(2));
            assertThat(v.escalate()).isEqualTo(1);
            assertThat(f.strings("SELECT escalation_level FROM alerts")).containsExactly("1");
            f.sql("UPDATE alerts SET status = 'acknowledged'");
            f.clock.advance(Duration.ofHours(2));
            assertThat(v.escalate()).isZero();
            assertThat(f.events()).containsExactly("opened", "ended", "escalated");
        }
    }

    @Test
    void aLiveGapIsRaisedAndRetractedWhenTheGatewaysBacklogFillsIt() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_gap")) {
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            f.readings("gw-truck", "truck-1-p1", 0, repeat(4.0, 10));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
            // Eleven minutes later nothing has arrived: the truck's sensor is silent (60 s + 5 min tolerance).
            f.clock.advance(Duration.ofMinutes(11));
            v.queueSilentSensors();
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || (ended_at IS NULL) FROM alerts"))
                    .containsExactly("gap:true");
            // The gateway comes out of the tunnel and replays what it buffered: there was no gap in the record.
            f.clock.set(java.time.Instant.now());
            f.readings("gw-truck", "truck-1-p1", 10, repeat(4.0, 30));
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || status FROM alerts")).containsExactly("gap:retracted");
        }
    }

    @Test
    void aHoleFilledWithinTheSettleTimeRaisesNoGapAndOneThatStaysIsRaisedOnceSettled() throws Exception {
        try (AlertFixture f = new AlertFixture("alert_gap_settle")) {
            f.ship("S1", 0, null, "L1");
            AlertingVerticle v = f.verticle(OPTIONS);
            // Two instances split one gateway's stream: the later minutes commit first, leaving a hole
            // (20 min > 60 s + 5 min tolerance) that the sibling fills a moment later.
            f.readings("gw-truck", "truck-1-p1", 0, repeat(4.0, 10));
            f.readings("gw-truck", "truck-1-p1", 30, repeat(4.0, 10));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts"))
                    .as("a hole younger than alert.gap.settle is not a gap yet")
                    .isZero();
            f.readings("gw-truck", "truck-1-p1", 10, repeat(4.0, 20));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
            assertThat(f.events()).isEmpty();

            // A real hole (minutes 40..59 never come), judged again once it has settled.
            f.readings("gw-truck", "truck-1-p1", 60, repeat(4.0, 5));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
            f.clock.set(java.time.Instant.now().plus(OPTIONS.gapSettle()).plusSeconds(1));
            f.readings("gw-truck", "truck-1-p1", 65, repeat(4.0, 1));
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || started_at || '/' || ended_at FROM alerts"))
                    .containsExactly("gap:" + pg(f, 39) + "/" + pg(f, 60));
            assertThat(f.events()).containsExactly("opened", "ended");
        }
    }

    private static List<String> summary(AlertFixture f) throws Exception {
        // Times relative to the fixture's t0: two fixtures created across a minute boundary have different t0s.
        String t0 = "'" + f.at(0) + "'::timestamptz";
        List<String> out =
                new ArrayList<>(f.strings("SELECT rule_key || '|' || (started_at - " + t0 + ") || '|' || (ended_at - "
                        + t0 + ") || '|' || peak FROM alerts WHERE status NOT IN ('merged', 'retracted')"));
        Collections.sort(out);
        return out;
    }

    /** A time as PostgreSQL prints a timestamptz in this session. */
    private static String pg(AlertFixture f, int minute) throws Exception {
        return f.strings("SELECT '" + f.at(minute) + "'::timestamptz::text").get(0);
    }
}
