package io.coldchain.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.AlertingOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A reading beyond a threshold queued while a large round runs is alerted before that round ends:
 * the evaluator looks, between its chunks, at the batches queued since its claim and evaluates ahead
 * of their turn the sensors that may start an excursion, and sensors it knows no limits of. The
 * batch itself stays queued and is evaluated again in its turn, which changes nothing.
 */
class LookaheadIT {
    /** Three chunks of 200 in the round: two looks between them. */
    private static final int SENSORS = 420;

    @Test
    void a_hot_batch_queued_during_a_round_is_alerted_before_the_round_ends_and_only_once() throws Exception {
        try (AlertFixture f = new AlertFixture("lookahead")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = f.verticle(AlertingOptions.defaults(), metrics);
            List<String> sensors = coldRoom(f);
            // Five in-range minutes each, evaluated: every sensor quiet, its limits known.
            send(f, sensors, 0, 5, 4.0);
            AtomicInteger firstLooks = new AtomicInteger();
            v.beforeLook = firstLooks::incrementAndGet;
            f.evaluate(v);
            // 420 first (full) evaluations take longer than a chunk may (200 ms): committed in more pieces
            // than chunks of 200, each followed by a look, and none left out.
            assertThat(firstLooks.get()).isGreaterThan(2);
            assertThat(f.count("SELECT count(*) FROM sensor_quiet_marks")).isEqualTo(SENSORS);
            assertThat(metrics.counter("coldchain.alert.evaluations").count()).isEqualTo(SENSORS);
            // One more minute each, queued; the round that claims it is the one under test.
            send(f, sensors, 5, 1, 4.0);

            String hot = "room-1-p1";
            AtomicInteger looks = new AtomicInteger();
            AtomicReference<List<String>> alertedBeforeLastChunk = new AtomicReference<>(List.of());
            v.beforeLook = () -> {
                try {
                    if (looks.incrementAndGet() == 1) {
                        // Queued after the claim: 9 °C on one sensor, in range on another, and a sensor the
                        // evaluator has never seen.
                        f.registerSensor("room-1-new", "gw-store", "room-1", 60);
                        f.message(
                                "gw-store",
                                List.of(
                                        AlertFixture.reading(hot, 6, 9.0),
                                        AlertFixture.reading("room-1-p2", 6, 4.0),
                                        AlertFixture.reading("room-1-new", 6, 4.0)));
                    } else {
                        alertedBeforeLastChunk.set(f.strings("SELECT sensor FROM alerts"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            AlertingVerticle.Round round = v.round();
            assertThat(round.claimed()).isEqualTo(SENSORS);
            // Three chunks of 200 or more: registering a sensor gives the tenant a new attribution epoch, after
            // which each sensor takes the slower pass once, and a chunk commits after 200 ms of those.
            assertThat(looks.get()).as("looks between chunks").isGreaterThanOrEqualTo(2);
            assertThat(alertedBeforeLastChunk.get())
                    .as("the alert was committed before the round's last chunk")
                    .containsExactly(hot);
            // The hot sensor and the unknown one, not the one in range.
            assertThat(metrics.counter("coldchain.alert.evaluations.ahead").count())
                    .isEqualTo(2);

            // Their batch is still queued and evaluated in its turn: nothing changes, nothing is notified twice.
            v.beforeLook = () -> {};
            f.evaluate(v);
            assertThat(f.strings("SELECT sensor || ' ' || rule_key FROM alerts"))
                    .containsExactly(hot + " above:8.0:d0:critical");
            assertThat(f.events()).containsExactly("opened");
            assertThat(f.count("SELECT count(*) FROM reading_change_sets")).isZero();
        }
    }

    @Test
    void after_a_restart_a_look_finding_many_sensors_of_unknown_limits_takes_none_ahead() throws Exception {
        try (AlertFixture f = new AlertFixture("lookahead_restart")) {
            List<String> sensors = coldRoom(f);
            send(f, sensors, 0, 5, 4.0);
            f.evaluate(f.verticle(AlertingOptions.defaults()));
            send(f, sensors, 5, 1, 4.0);
            // A new instance knows no sensor's limits: after its first chunk 220 are still unknown.
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle restarted = f.verticle(AlertingOptions.defaults(), metrics);
            AtomicInteger looks = new AtomicInteger();
            restarted.beforeLook = () -> {
                if (looks.incrementAndGet() == 1) {
                    try {
                        send(f, sensors, 6, 1, 4.0);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            assertThat(restarted.round().claimed()).isEqualTo(SENSORS);
            assertThat(looks.get()).isGreaterThanOrEqualTo(2);
            // Evaluating them ahead would evaluate each of them twice, for no alert sooner.
            assertThat(metrics.counter("coldchain.alert.evaluations.ahead").count())
                    .isZero();
            assertThat(metrics.counter("coldchain.alert.lookahead.unknown.left").count())
                    .as("left to their turn, and counted: at least the 220 past the first chunk (fewer than 200 if the "
                            + "chunk's time ran out)")
                    .isBetween(220.0, 420.0);
            restarted.beforeLook = () -> {};
            f.evaluate(restarted);
            assertThat(f.count("SELECT count(*) FROM alerts")).isZero();
        }
    }

    @Test
    void a_claim_of_many_batches_is_merged_in_pieces_with_a_look_between_them() throws Exception {
        try (AlertFixture f = new AlertFixture("lookahead_pieces")) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AlertingVerticle v = f.verticle(AlertingOptions.defaults(), metrics);
            f.place("L1", "room-1", -60, null);
            f.clock.set(Instant.now().plusSeconds(5));
            // 12 batches, each of one minute of one probe: a new evaluator merges a claim 10 batches at a time.
            List<String> sensors = new ArrayList<>(List.of("room-1-p1"));
            for (int i = 2; i <= 12; i++) {
                f.registerSensor("room-1-p" + i, "gw-store", "room-1", 60);
                sensors.add("room-1-p" + i);
            }
            for (String s : sensors) {
                f.message("gw-store", List.of(AlertFixture.reading(s, 0, 4.0)));
            }
            String hot = "room-1-p3";
            List<Long> evaluatedAtLooks = new ArrayList<>();
            v.beforeLook = () -> {
                evaluatedAtLooks.add(
                        (long) metrics.counter("coldchain.alert.evaluations").count());
                if (evaluatedAtLooks.size() == 1) {
                    try {
                        f.message("gw-store", List.of(AlertFixture.reading(hot, 1, 9.0)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            AlertingVerticle.Round round = v.round();
            assertThat(round.claimed()).isEqualTo(12);
            // The first look came while the claim was merged, before any claimed sensor was evaluated; it
            // found the 9 °C batch queued since, and its sensor was evaluated ahead.
            assertThat(evaluatedAtLooks).hasSizeGreaterThanOrEqualTo(2);
            assertThat(evaluatedAtLooks.get(0)).isZero();
            assertThat(metrics.counter("coldchain.alert.evaluations.ahead").count())
                    .isEqualTo(1);
            assertThat(f.strings("SELECT sensor FROM alerts")).containsExactly(hot);
            v.beforeLook = () -> {};
            f.evaluate(v);
            assertThat(f.events()).containsExactly("opened");
            assertThat(f.count("SELECT count(*) FROM reading_change_sets")).isZero();
        }
    }

    /** The fixture's cold room holding dairy (too warm above 8 °C at once), with {@link #SENSORS} probes. */
    private static List<String> coldRoom(AlertFixture f) throws Exception {
        f.place("L1", "room-1", -60, null);
        f.clock.set(Instant.now().plusSeconds(5));
        List<String> sensors = new ArrayList<>(List.of("room-1-p1"));
        for (int i = 2; i <= SENSORS; i++) {
            f.registerSensor("room-1-p" + i, "gw-store", "room-1", 60);
            sensors.add("room-1-p" + i);
        }
        return sensors;
    }

    /** {@code minutes} readings of {@code temp} from {@code fromMin} for every sensor, 100 sensors a message. */
    private static void send(AlertFixture f, List<String> sensors, int fromMin, int minutes, double temp)
            throws Exception {
        for (int i = 0; i < sensors.size(); i += 100) {
            List<String> items = new ArrayList<>();
            for (String s : sensors.subList(i, Math.min(sensors.size(), i + 100))) {
                for (int m = fromMin; m < fromMin + minutes; m++) {
                    items.add(AlertFixture.reading(s, m, temp));
                }
            }
            f.message("gw-store", items);
        }
    }
}
