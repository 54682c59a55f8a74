package io.coldchain.alerting.rules;

import static io.coldchain.core.profile.Rule.Kind.AGE_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.DOOR_OPEN;
import static io.coldchain.core.profile.Rule.Kind.HUMIDITY_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.NOT_COOLED_WITHIN;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.rules.SinceProduced.Verdict;
import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule kinds of contract §8 at their edges: just under and just over each threshold and delay,
 * and late, out-of-order and repeated data giving what in-order data give.
 */
class NewRuleKindsTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final EpisodeOptions OPTIONS = EpisodeOptions.DEFAULT;
    static final Rule HUMIDITY = Rule.timed(HUMIDITY_ABOVE, 65, Duration.ofHours(4), WARNING);
    static final Rule DOOR = Rule.timed(DOOR_OPEN, 0, Duration.ofMinutes(10), WARNING);
    static final Rule COOLING = Rule.timed(NOT_COOLED_WITHIN, 4, Duration.ofMinutes(120), WARNING);
    static final Rule AGE = Rule.timed(AGE_ABOVE, 0, Duration.ofHours(48), CRITICAL);

    static Instant min(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    /** One reading a minute for {@code minutes} minutes from {@code from}, humidity {@code rh}, 20 °C. */
    static List<Sample> humid(long from, long minutes, double rh) {
        List<Sample> out = new ArrayList<>();
        for (long m = from; m < from + minutes; m++) {
            out.add(new Sample(min(m), 20.0, 3.0, rh, null));
        }
        return out;
    }

    static List<Sample> door(long from, long minutes, boolean open) {
        List<Sample> out = new ArrayList<>();
        for (long m = from; m < from + minutes; m++) {
            out.add(new Sample(min(m), 4.0, 3.0, null, open));
        }
        return out;
    }

    static List<Episode> fired(Rule rule, List<Sample> samples) {
        return ExcursionEvaluator.episodes(rule, OPTIONS, samples).stream()
                .filter(Episode::fired)
                .toList();
    }

    @SafeVarargs
    static List<Sample> concat(List<Sample>... parts) {
        List<Sample> out = new ArrayList<>();
        for (List<Sample> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    // ---- humidity_above ---------------------------------------------------------------------

    @Test
    void humidity_at_the_threshold_never_fires_just_above_it_does_after_the_delay() {
        assertThat(fired(HUMIDITY, concat(humid(0, 300, 65.0), humid(300, 10, 50))))
                .isEmpty();
        List<Episode> over = fired(HUMIDITY, concat(humid(0, 241, 65.1), humid(241, 10, 50)));
        assertThat(over).hasSize(1);
        assertThat(over.get(0).start()).isEqualTo(T0);
        assertThat(over.get(0).firedAt()).isEqualTo(min(240));
        assertThat(over.get(0).peakC()).isEqualTo(65.1);
    }

    @Test
    void humidity_one_minute_short_of_the_delay_does_not_fire_exactly_the_delay_does() {
        // Above from minute 0; the first reading back in range (past the 3 % RH hysteresis) ends it.
        assertThat(fired(HUMIDITY, concat(humid(0, 239, 70), humid(239, 10, 60))))
                .isEmpty();
        assertThat(fired(HUMIDITY, concat(humid(0, 240, 70), humid(240, 10, 60))))
                .singleElement()
                .satisfies(e -> assertThat(e.end()).isEqualTo(min(240)));
    }

    @Test
    void humidity_readings_without_rh_are_ignored_and_a_band_reading_does_not_end_the_episode() {
        List<Sample> s = concat(humid(0, 120, 70), humid(120, 1, 63), humid(121, 120, 70));
        s.add(new Sample(min(500), 20.0, 3.0)); // a probe without humidity: says nothing about it
        assertThat(fired(HUMIDITY, s)).singleElement().satisfies(e -> {
            assertThat(e.start()).isEqualTo(T0);
            assertThat(e.firedAt()).isEqualTo(min(240));
            assertThat(e.end()).isNull();
        });
    }

    // ---- door_open ---------------------------------------------------------------------------

    @Test
    void a_door_open_one_minute_short_of_the_delay_does_not_fire_exactly_the_delay_does() {
        assertThat(fired(DOOR, concat(door(0, 9, true), door(9, 10, false)))).isEmpty();
        assertThat(fired(DOOR, concat(door(0, 10, true), door(10, 10, false))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.firedAt()).isEqualTo(min(10));
                    assertThat(e.end()).isEqualTo(min(10));
                });
    }

    @Test
    void a_door_closed_briefly_within_the_clear_period_is_one_episode() {
        List<Sample> s = concat(door(0, 6, true), door(6, 2, false), door(8, 6, true), door(14, 10, false));
        assertThat(fired(DOOR, s)).singleElement().satisfies(e -> {
            assertThat(e.start()).isEqualTo(T0);
            assertThat(e.end()).isEqualTo(min(14));
        });
        // Readings without a door contact neither open nor close it.
        List<Sample> noContact = new ArrayList<>(concat(door(0, 5, true), door(20, 1, false)));
        for (int m = 5; m < 20; m++) {
            noContact.add(new Sample(min(m), 4.0, 3.0));
        }
        assertThat(fired(DOOR, noContact)).singleElement();
    }

    // ---- late, out-of-order and repeated readings --------------------------------------------

    @Test
    void any_arrival_order_with_duplicates_gives_the_in_order_episodes() {
        List<Sample> humidity = concat(humid(0, 250, 70), humid(250, 30, 55), humid(280, 245, 68), humid(525, 5, 50));
        List<Sample> doors = concat(door(0, 12, true), door(12, 30, false), door(42, 3, true), door(45, 5, false));
        List<Episode> inOrderRh = fired(HUMIDITY, humidity);
        List<Episode> inOrderDoor = fired(DOOR, doors);
        assertThat(inOrderRh).hasSize(2);
        assertThat(inOrderDoor).hasSize(1);
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<Sample> rh = new ArrayList<>(humidity);
            rh.addAll(humidity.subList(0, random.nextInt(humidity.size()))); // redelivered
            Collections.shuffle(rh, random);
            assertThat(fired(HUMIDITY, rh)).isEqualTo(inOrderRh);
            List<Sample> d = new ArrayList<>(doors);
            d.addAll(doors.subList(random.nextInt(doors.size()), doors.size()));
            Collections.shuffle(d, random);
            assertThat(fired(DOOR, d)).isEqualTo(inOrderDoor);
        }
    }

    // ---- not_cooled_within -------------------------------------------------------------------

    /** A tanker leg from T0 with one probe cooling linearly from {@code startC}, one reading a minute. */
    static CumulativeExposure.Leg cooling(double startC, double perMinute, long minutes) {
        List<Sample> probe = new ArrayList<>();
        for (long m = 0; m < minutes; m++) {
            probe.add(Sample.of(min(m), Math.round((startC - perMinute * m) * 100) / 100.0));
        }
        return new CumulativeExposure.Leg("tanker-1", T0, null, List.of(probe));
    }

    @Test
    void cooled_to_the_threshold_exactly_at_the_deadline_is_in_time_a_minute_later_is_not() {
        // 6.0 °C at milking, 0.0166 °C a minute: 4.0 at minute 120 ...
        CumulativeExposure.Leg onTime = cooling(6.0, 2.0 / 120, 180);
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(onTime), min(180)))
                .isEqualTo(Verdict.KEPT);
        // ... or at minute 121.
        CumulativeExposure.Leg late = cooling(6.0, 2.0 / 121, 180);
        Verdict v = SinceProduced.notCooledWithin(COOLING, T0, List.of(late), min(180));
        assertThat(v.broken()).isTrue();
        assertThat(v.breach().start()).isEqualTo(T0);
        assertThat(v.breach().firedAt()).isEqualTo(min(120));
        assertThat(v.breach().peakC()).isEqualTo(6.0);
    }

    @Test
    void not_cooled_is_not_judged_before_event_time_reaches_the_deadline() {
        CumulativeExposure.Leg late = cooling(6.0, 2.0 / 121, 180);
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(late), min(119)))
                .isEqualTo(Verdict.NOT_DUE);
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(late), null))
                .isEqualTo(Verdict.NOT_DUE);
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(late), min(120))
                        .broken())
                .isTrue();
        // No reading at all in the two hours: nothing shows the milk was cooled.
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(), min(300))
                        .broken())
                .isTrue();
    }

    @Test
    void every_probe_of_the_asset_must_be_at_or_below_the_threshold() {
        List<Sample> cold = List.of(Sample.of(min(30), 3.0), Sample.of(min(100), 3.0));
        List<Sample> warm = List.of(Sample.of(min(31), 5.0), Sample.of(min(110), 4.0));
        CumulativeExposure.Leg twoProbes = new CumulativeExposure.Leg("tank", T0, null, List.of(cold, warm));
        // At the deadline each probe's last reading is at or below 4.0 (3.0 at minute 100, 4.0 at 110).
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(twoProbes), min(130)))
                .isEqualTo(Verdict.KEPT);
        List<Sample> stillWarm = List.of(Sample.of(min(20), 5.0), Sample.of(min(110), 4.1));
        CumulativeExposure.Leg notYet = new CumulativeExposure.Leg("tank", T0, null, List.of(cold, stillWarm));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(notYet), min(130))
                        .broken())
                .isTrue();
    }

    @Test
    void readings_outside_the_batchs_stay_or_before_milking_do_not_count() {
        List<Sample> probe = List.of(Sample.of(min(-10), 2.0), Sample.of(min(50), 3.0), Sample.of(min(130), 3.0));
        // The batch entered this tank only at minute 60: the cold reading at 50 was someone else's milk.
        CumulativeExposure.Leg leg = new CumulativeExposure.Leg("tank", min(60), null, List.of(probe));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(leg), min(130))
                        .broken())
                .isTrue();
        // Duplicates and any order: the same verdict.
        List<Sample> shuffled =
                new ArrayList<>(cooling(6.0, 2.0 / 120, 180).probes().get(0));
        shuffled.addAll(shuffled.subList(100, 140));
        Collections.shuffle(shuffled, new Random(7));
        CumulativeExposure.Leg mixed = new CumulativeExposure.Leg("tanker-1", T0, null, List.of(shuffled));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(mixed), min(180)))
                .isEqualTo(Verdict.KEPT);
    }

    @Test
    void a_cold_reading_at_milking_time_does_not_show_the_milk_cooled() {
        // A pre-cooled bulk tank reads 4.0 °C at milking, then the warm milk raises it; 4.3 at minute 120.
        List<Sample> probe = new ArrayList<>();
        probe.add(Sample.of(T0, 4.0));
        for (long m = 1; m <= 130; m++) {
            probe.add(Sample.of(min(m), m <= 120 ? 6.0 - 1.7 * m / 120 : 3.5));
        }
        CumulativeExposure.Leg tank = new CumulativeExposure.Leg("tank", T0, null, List.of(probe));
        Verdict v = SinceProduced.notCooledWithin(COOLING, T0, List.of(tank), min(130));
        assertThat(v.broken()).isTrue();
        assertThat(v.breach().peakC()).isEqualTo(6.0 - 1.7 / 120);
    }

    @Test
    void the_first_probe_to_report_cold_does_not_decide_for_the_others() {
        List<Sample> early = List.of(Sample.of(min(5), 3.0), Sample.of(min(115), 3.0));
        List<Sample> late = List.of(Sample.of(min(10), 7.0), Sample.of(min(118), 5.0));
        CumulativeExposure.Leg tank = new CumulativeExposure.Leg("tank", T0, null, List.of(early, late));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(tank), min(130))
                        .broken())
                .isTrue();
        // Cooled once, warm again by the deadline: the state at the deadline decides.
        List<Sample> rewarmed = List.of(Sample.of(min(30), 3.0), Sample.of(min(110), 6.0));
        CumulativeExposure.Leg again = new CumulativeExposure.Leg("tank", T0, null, List.of(rewarmed));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(again), min(130))
                        .broken())
                .isTrue();
    }

    @Test
    void the_stay_carrying_the_batch_at_the_deadline_decides() {
        // Cold in the farm tank until minute 100, then a warm tanker: not cooled at the deadline.
        List<Sample> tankProbe = List.of(Sample.of(min(50), 3.0), Sample.of(min(99), 3.0));
        List<Sample> tankerProbe = List.of(Sample.of(min(101), 4.5), Sample.of(min(119), 4.5));
        CumulativeExposure.Leg tank = new CumulativeExposure.Leg("tank", T0, min(100), List.of(tankProbe));
        CumulativeExposure.Leg tanker = new CumulativeExposure.Leg("tanker-1", min(100), null, List.of(tankerProbe));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(tank, tanker), min(130))
                        .broken())
                .isTrue();
        // The other way round: warm in the tank, cold in the tanker by the deadline.
        List<Sample> warmTank = List.of(Sample.of(min(50), 6.0));
        List<Sample> coldTanker = List.of(Sample.of(min(119), 3.9));
        CumulativeExposure.Leg warm = new CumulativeExposure.Leg("tank", T0, min(100), List.of(warmTank));
        CumulativeExposure.Leg cold = new CumulativeExposure.Leg("tanker-1", min(100), null, List.of(coldTanker));
        assertThat(SinceProduced.notCooledWithin(COOLING, T0, List.of(warm, cold), min(130)))
                .isEqualTo(Verdict.KEPT);
    }

    // ---- age_above ---------------------------------------------------------------------------

    @Test
    void delivered_to_a_plant_at_exactly_the_max_age_is_in_time_a_second_later_is_not() {
        Instant deadline = T0.plus(Duration.ofHours(48));
        assertThat(SinceProduced.ageAbove(AGE, T0, deadline, deadline.plusSeconds(3600)))
                .isEqualTo(Verdict.KEPT);
        Verdict late = SinceProduced.ageAbove(AGE, T0, deadline.plusSeconds(1), null);
        assertThat(late.broken()).isTrue();
        assertThat(late.breach().firedAt()).isEqualTo(deadline);
        assertThat(late.breach().start()).isEqualTo(T0);
    }

    @Test
    void an_undelivered_batch_is_too_old_once_event_time_passes_the_max_age() {
        Instant deadline = T0.plus(Duration.ofHours(48));
        assertThat(SinceProduced.ageAbove(AGE, T0, null, null)).isEqualTo(Verdict.NOT_DUE);
        assertThat(SinceProduced.ageAbove(AGE, T0, null, deadline)).isEqualTo(Verdict.NOT_DUE);
        assertThat(SinceProduced.ageAbove(AGE, T0, null, deadline.plusSeconds(1))
                        .broken())
                .isTrue();
    }
}
