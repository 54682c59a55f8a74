package io.coldchain.alerting.eval;

import static io.coldchain.alerting.eval.AlertFixture.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.AlertingOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quiet path ({@link QuietPath}) changes no outcome: the same random readings, sent the same way
 * into two databases, give the same alerts and the same notification events whether quiet sensors'
 * appended readings are passed (A) or every change is evaluated in full (B: the marks are deleted
 * before each round, so nothing can be passed).
 *
 * <p>The readings walk in and out of the thresholds of the dairy profile (6 °C for 30 min, 8 °C at once,
 * 0 °C for 60 min, a 120-minute budget above 6 °C) and of the meat one (4 °C for 30 min, -1.5 °C for
 * 60 min), through the hysteresis band and across a limit back and forth, with silences longer than the
 * allowed one, low batteries, late readings filling earlier silences, and redeliveries.
 */
class QuietPathIT {
    private static final String[] SENSORS = {"room-1-p1", "case-1-p1"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void passing_quiet_sensors_changes_no_alert_and_no_event(long seed) throws Exception {
        AlertingOptions options = settleAtOnce(AlertingOptions.defaults());
        // The walks cover about 700 minutes: they start 14 h ago, so that none of their readings is in the future.
        Instant t0 = Instant.now().minus(Duration.ofHours(14)).truncatedTo(ChronoUnit.MINUTES);
        try (AlertFixture a = new AlertFixture("quiet_a_" + seed, t0);
                AlertFixture b = new AlertFixture("quiet_b_" + seed, t0)) {
            SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
            AlertingVerticle withPasses = a.verticle(options, metricsA);
            AlertingVerticle inFull = b.verticle(options);
            for (AlertFixture f : List.of(a, b)) {
                // The cold room holds dairy (its profile has a budget rule); the case has the meat profile
                // of its own and no batch (no budget rule: every episode rule is judged on its own).
                f.place("L1", "room-1", -60, null);
                f.sql("UPDATE assets SET profile = 'meat-chilled' WHERE asset = 'case-1'");
            }
            Random random = new Random(seed);
            Walk[] walks = {new Walk(6, 0), new Walk(4, -1.5)};
            for (int step = 0; step < 150; step++) {
                List<String> message = new ArrayList<>();
                for (int s = 0; s < SENSORS.length; s++) {
                    walks[s].next(random, SENSORS[s], message);
                }
                if (message.isEmpty()) {
                    continue;
                }
                // Now is just after the readings were received: every hole is settled (settle 0) and no
                // sensor has been silent in wall-clock time. The same for both: budget alerts carry it.
                Instant now = Instant.now().plusSeconds(5);
                for (AlertFixture f : List.of(a, b)) {
                    f.message("gw-store", message);
                    f.clock.set(now);
                }
                a.evaluate(withPasses);
                b.sql("DELETE FROM sensor_quiet_marks");
                b.evaluate(inFull);
                assertThat(alerts(a)).as("alerts after step %d", step).isEqualTo(alerts(b));
            }
            assertThat(events(a)).isEqualTo(events(b));
            assertThat(a.count("SELECT count(*) FROM rejected_readings"))
                    .as("every reading of the walks was stored")
                    .isZero();
            assertThat(alerts(a)).as("the walk raised alerts").hasSizeGreaterThanOrEqualTo(2);
            assertThat(metricsA.counter("coldchain.alert.quiet.passes").count())
                    .as("changes passed without a full evaluation")
                    .isGreaterThan(20);
            // Most of them decided from what ingest queued about the readings (V25), without reading them.
            assertThat(metricsA.counter("coldchain.alert.quiet.passes.unread").count())
                    .as("passes decided from the queued summary")
                    .isGreaterThan(10);
        }
    }

    @Test
    void after_a_profile_change_the_next_readings_are_evaluated_in_full_not_passed() throws Exception {
        try (AlertFixture f = new AlertFixture("quiet_profile")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = f.verticle(AlertingOptions.defaults(), metrics);
            f.sql("UPDATE assets SET profile = 'meat-chilled' WHERE asset = 'case-1'");
            f.clock.set(Instant.now().plusSeconds(5));
            // -1 °C for 70 minutes: in range for meat (its lower limit is -1.5 °C).
            f.readings("gw-store", "case-1-p1", 0, repeat(-1.0, 70));
            f.evaluate(v);
            f.readings("gw-store", "case-1-p1", 70, repeat(3.0, 5));
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count())
                    .as("in range for meat: passed")
                    .isEqualTo(1);
            // The case now holds dairy: those 70 minutes were below its 0 °C limit for over its 60-minute
            // delay. The next readings are in range for both profiles, and still must not pass.
            f.sql("UPDATE assets SET profile = 'dairy-chilled' WHERE asset = 'case-1'");
            f.readings("gw-store", "case-1-p1", 75, repeat(3.0, 5));
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(1);
            assertThat(f.strings("SELECT rule_key FROM alerts")).containsExactly("below:0.0:d60:critical");
        }
    }

    @Test
    void an_evaluator_lagging_behind_the_wall_clock_judges_in_full_and_raises_the_gap_going_on() throws Exception {
        try (AlertFixture f = new AlertFixture("quiet_lag")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = passedOnce(f, metrics);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
            // The next readings are evaluated 10 minutes after they came (more than the 6 minutes this
            // sensor may be silent): in wall-clock time the sensor is silent, a gap goes on now.
            f.readings("gw-store", "room-1-p1", 25, repeat(4.0, 5));
            f.clock.set(Instant.now().plus(Duration.ofMinutes(10)));
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(1);
            assertThat(f.strings("SELECT kind || ' ' || (ended_at IS NULL) FROM alerts"))
                    .containsExactly("gap true");
        }
    }

    @Test
    void an_evaluator_behind_a_backlog_passes_a_change_when_the_sensor_sent_newer_readings_since() throws Exception {
        try (AlertFixture f = new AlertFixture("quiet_behind")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = passedOnce(f, metrics);
            // A change the evaluator reaches 10 minutes after it came (more than the 6 minutes this sensor
            // may be silent), while the sensor's next readings, received just now, wait in the queue behind
            // it: the evaluator is behind, the sensor is not silent.
            f.readings("gw-store", "room-1-p1", 25, repeat(4.0, 5));
            f.readings("gw-store", "room-1-p1", 30, repeat(4.0, 5));
            f.clock.set(Instant.now().plus(Duration.ofMinutes(10)));
            f.sql(
                    "DELETE FROM reading_change_sets WHERE id = (SELECT max(id) FROM reading_change_sets)",
                    "UPDATE readings SET received_at = '" + f.clock.instant() + "' WHERE ts >= '" + f.at(30) + "'");
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(2);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
            assertThat(f.strings("SELECT quiet_through::text FROM sensor_quiet_marks"))
                    .as("the mark at the change's newest reading, not beyond: the next change is still to be judged")
                    .hasSize(1);
            assertThat(f.count("SELECT count(*) FROM sensor_quiet_marks WHERE quiet_through = '" + f.at(29) + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_change_whose_readings_a_full_evaluation_already_read_ahead_is_passed_not_evaluated_again() throws Exception {
        try (AlertFixture f = new AlertFixture("quiet_ahead")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = f.verticle(AlertingOptions.defaults(), metrics);
            f.place("L1", "room-1", -60, null);
            f.clock.set(Instant.now().plusSeconds(5));
            // Two batches queued; the second is held (claimed by another evaluator, say) while the first is
            // evaluated, whose window reads the second's readings too.
            f.readings("gw-store", "room-1-p1", 0, repeat(4.0, 20));
            f.readings("gw-store", "room-1-p1", 20, repeat(4.0, 5));
            try (Connection held = f.pool.getConnection();
                    Statement st = held.createStatement()) {
                held.setAutoCommit(false);
                st.executeQuery(
                        "SELECT id FROM reading_change_sets WHERE id = (SELECT max(id) FROM reading_change_sets) "
                                + "FOR UPDATE");
                f.evaluate(v);
                held.rollback();
            }
            assertThat(metrics.counter("coldchain.alert.evaluations").count()).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM sensor_quiet_marks WHERE quiet_through = '" + f.at(19) + "'"))
                    .as("the mark at the evaluated change's newest reading, not at the newest the window read")
                    .isEqualTo(1);
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.evaluations").count()).isEqualTo(1);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM sensor_quiet_marks WHERE quiet_through = '" + f.at(24) + "'"))
                    .isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
        }
    }

    @Test
    void a_change_at_or_before_the_quiet_mark_is_counted_and_evaluated_in_full() throws Exception {
        try (AlertFixture f = new AlertFixture("quiet_behind_mark")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = passedOnce(f, metrics); // the mark at minute 24
            double evaluations = metrics.counter("coldchain.alert.evaluations").count();
            assertThat(metrics.counter("coldchain.alert.quiet.behind.mark").count())
                    .isZero();
            // A gateway resends minutes 10 to 14 (it never saw the acknowledgement): already judged, before
            // the mark; whatever such readings hold, only the full evaluation may say.
            f.readings("gw-store", "room-1-p1", 10, repeat(4.0, 5));
            f.evaluate(v);
            assertThat(metrics.counter("coldchain.alert.quiet.behind.mark").count())
                    .isEqualTo(1);
            assertThat(metrics.counter("coldchain.alert.evaluations").count()).isEqualTo(evaluations + 1);
            assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
        }
    }

    /**
     * The cold room's probe under dairy, evaluated in full over 20 in-range minutes, then 5 more passed:
     * quiet, its mark and attribution known.
     */
    private static AlertingVerticle passedOnce(AlertFixture f, SimpleMeterRegistry metrics) throws Exception {
        AlertingVerticle v = f.verticle(AlertingOptions.defaults(), metrics);
        f.place("L1", "room-1", -60, null);
        f.clock.set(Instant.now().plusSeconds(5));
        f.readings("gw-store", "room-1-p1", 0, repeat(4.0, 20));
        f.evaluate(v);
        f.readings("gw-store", "room-1-p1", 20, repeat(4.0, 5));
        f.evaluate(v);
        assertThat(metrics.counter("coldchain.alert.quiet.passes").count()).isEqualTo(1);
        return v;
    }

    private static AlertingOptions settleAtOnce(AlertingOptions d) {
        return new AlertingOptions(
                d.hysteresisC(),
                d.clear(),
                d.lookback(),
                d.gapVehicle(),
                d.gapFixed(),
                d.gapTolerance(),
                Duration.ZERO,
                d.batteryLowV(),
                d.batteryDelay(),
                d.escalateCritical(),
                d.escalateWarning(),
                d.escalateMax());
    }

    private static List<String> alerts(AlertFixture f) throws Exception {
        return f.strings("SELECT concat_ws(' ', sensor, lot, kind, rule_key, status, started_at, ended_at, "
                + "last_out_at, fired_at, peak, peak_at, exposure_s) FROM alerts ORDER BY 1");
    }

    private static List<String> events(AlertFixture f) throws Exception {
        return f.strings("SELECT o.event || ' ' || a.kind || ' ' || coalesce(a.sensor, a.lot) FROM alert_outbox o "
                + "JOIN alerts a ON a.id = o.alert_id ORDER BY o.id");
    }

    /** One sensor's readings: a minute apart, in and out of range, sometimes silent, sometimes late. */
    private static final class Walk {
        private final double high;
        private final double low;
        private int minute;
        private int regimeLeft;
        private int lowBatteryLeft;
        private double level = 4.0;
        private final List<Integer> skipped = new ArrayList<>();
        private final List<Integer> sent = new ArrayList<>();

        /** Around a profile with an upper limit {@code high} and a lower one {@code low}. */
        Walk(double high, double low) {
            this.high = high;
            this.low = low;
        }

        void next(Random r, String sensor, List<String> out) {
            int action = r.nextInt(100);
            if (action < 8 && !skipped.isEmpty()) {
                // Late: part of an earlier silence arrives (a gateway's buffer replayed).
                int n = 1 + r.nextInt(Math.min(5, skipped.size()));
                for (int i = 0; i < n; i++) {
                    int m = skipped.remove(r.nextInt(skipped.size()));
                    out.add(item(sensor, m, temp(r), battery(r)));
                    sent.add(m);
                }
                return;
            }
            if (action < 12 && !sent.isEmpty()) {
                // A redelivery: the stored reading stays as it is.
                int m = sent.get(r.nextInt(sent.size()));
                out.add(item(sensor, m, 4.0, 3.1));
                return;
            }
            if (action < 16) {
                // Silent for longer than allowed (60 s expected + 5 min tolerance), or just under it.
                int silence = r.nextBoolean() ? 7 + r.nextInt(30) : 2 + r.nextInt(4);
                for (int i = 0; i < silence; i++) {
                    skipped.add(minute++);
                }
            }
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                out.add(item(sensor, minute, temp(r), battery(r)));
                sent.add(minute++);
            }
        }

        private double temp(Random r) {
            double noise = 0.15;
            if (regimeLeft-- <= 0) {
                regimeLeft = 3 + r.nextInt(60);
                int kind = r.nextInt(10);
                level = kind < 6
                        ? low + 0.5 + r.nextDouble() * (high - low - 1.5) // in range
                        : kind < 7
                                ? high - 0.4 + r.nextDouble() * 0.6 // around the limit, the hysteresis band
                                : kind < 8
                                        ? high + 0.2 + r.nextDouble() * 3 // warm, past the critical limit sometimes
                                        : kind < 9
                                                ? low - 1.2 + r.nextDouble() * 1.5 // too cold or just above
                                                : high; // flickering across the limit: episodes that end and come back
                // within alert.clear
            }
            if (level == high) {
                noise = 0.8;
            }
            return Math.round((level + r.nextGaussian() * noise) * 100) / 100.0;
        }

        /** Mostly fine; now and then low (below 2.8 V) for a stretch, long enough to fire or not. */
        private double battery(Random r) {
            if (lowBatteryLeft > 0) {
                lowBatteryLeft--;
                return 2.7;
            }
            if (r.nextInt(120) == 0) {
                lowBatteryLeft = 5 + r.nextInt(50);
            }
            return 3.1;
        }

        private static String item(String sensor, int minute, double temp, double battery) {
            return String.format(
                    Locale.ROOT,
                    "{\"sensor\":\"%s\",\"ts\":%d,\"temp_c\":%.2f,\"battery_v\":%.2f}",
                    sensor,
                    minute,
                    temp,
                    battery);
        }
    }
}
