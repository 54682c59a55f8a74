package io.coldchain.alerting.rules;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.BELOW;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_ABOVE;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The episode semantics of the package documentation, one rule at a time. */
class ExcursionEvaluatorTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final Rule ABOVE_6_30 = Rule.timed(ABOVE, 6, Duration.ofMinutes(30), WARNING);
    static final EpisodeOptions H03_CLEAR5 = new EpisodeOptions(0.3, Duration.ofMinutes(5));

    static Instant at(double minutes) {
        return T0.plusSeconds(Math.round(minutes * 60));
    }

    static Sample s(double minutes, double temp) {
        return Sample.of(at(minutes), temp);
    }

    @Test
    void readings_in_the_hysteresis_band_neither_start_nor_end_an_episode_but_extend_it() {
        // 5.8 is in the band (5.7 < t <= 6): alone it starts nothing.
        assertThat(ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, List.of(s(0, 5.8), s(10, 5.9), s(20, 6.0))))
                .isEmpty();
        // Inside an episode it continues it and moves lastOut; 5.7 (threshold - hysteresis) ends it.
        List<Episode> e = ExcursionEvaluator.episodes(
                ABOVE_6_30, H03_CLEAR5, List.of(s(0, 6.5), s(10, 5.8), s(20, 5.9), s(30, 5.7), s(60, 5.0)));
        assertThat(e).containsExactly(new Episode(at(0), at(30), at(20), 6.5, at(0), at(30)));
    }

    @Test
    void an_in_range_reading_followed_by_a_new_excursion_within_the_clear_period_does_not_end_it() {
        // Back in range at 10, beyond again at 14:59 (< 10 + 5 min): one episode, in-range reading ignored.
        List<Episode> merged = ExcursionEvaluator.episodes(
                ABOVE_6_30, H03_CLEAR5, List.of(s(0, 7), s(10, 5), s(14 + 59 / 60.0, 7.5), s(40, 5), s(60, 5)));
        assertThat(merged)
                .containsExactly(new Episode(at(0), at(40), at(14 + 59 / 60.0), 7.5, at(14 + 59 / 60.0), at(30)));
        // Beyond again at exactly 10 + 5 min: the clear period passed, two episodes, neither fires.
        List<Episode> split = ExcursionEvaluator.episodes(
                ABOVE_6_30, H03_CLEAR5, List.of(s(0, 7), s(10, 5), s(15, 7.5), s(40, 5), s(60, 5)));
        assertThat(split)
                .containsExactly(
                        new Episode(at(0), at(10), at(0), 7.0, at(0), null),
                        new Episode(at(15), at(40), at(15), 7.5, at(15), null));
    }

    @Test
    void the_clear_period_looks_past_several_in_range_readings() {
        // In range at 10, 11 and 13; beyond again at 14 (< 10 + 5 min): still one episode. The last
        // in-range reading before the end is the one that ends it.
        List<Episode> e = ExcursionEvaluator.episodes(
                ABOVE_6_30,
                H03_CLEAR5,
                List.of(s(0, 7), s(10, 5), s(11, 4), s(13, 5.5), s(14, 7), s(20, 5), s(22, 5), s(26, 5)));
        assertThat(e).containsExactly(new Episode(at(0), at(20), at(14), 7, at(0), null));
    }

    @Test
    void a_silence_inside_an_episode_counts_as_out_of_range() {
        // Readings only at 0 and 45 (both beyond), back at 50: the 45 silent minutes count.
        List<Episode> e = ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, List.of(s(0, 6.2), s(45, 6.4), s(50, 4)));
        assertThat(e).singleElement().satisfies(x -> {
            assertThat(x.duration()).isEqualTo(Duration.ofMinutes(50));
            assertThat(x.firedAt()).isEqualTo(at(30));
            assertThat(x.peakC()).isEqualTo(6.4);
            assertThat(x.peakAt()).isEqualTo(at(45));
        });
    }

    @Test
    void an_open_episode_lasts_to_its_last_reading_not_beyond() {
        List<Episode> e = ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, List.of(s(0, 7), s(29, 7)));
        assertThat(e).containsExactly(new Episode(at(0), null, at(29), 7, at(0), null));
        // The peak is the first reading that reached it.
        List<Episode> fired =
                ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, List.of(s(0, 7), s(10, 8), s(20, 8), s(30, 7)));
        assertThat(fired).containsExactly(new Episode(at(0), null, at(30), 8, at(10), at(30)));
    }

    @Test
    void downward_rules_mirror_upward_ones() {
        Rule below0 = Rule.timed(BELOW, 0, Duration.ofMinutes(60), WARNING);
        // -0.2 starts; 0.1 is in the band (0 <= t < 0.3) and continues; 0.3 ends it; the peak is the lowest.
        List<Episode> e = ExcursionEvaluator.episodes(
                below0, H03_CLEAR5, List.of(s(0, 1), s(10, -0.2), s(40, -1.5), s(60, 0.1), s(75, 0.3), s(90, 2)));
        assertThat(e).containsExactly(new Episode(at(10), at(75), at(60), -1.5, at(40), at(70)));
        // 0.0 is not below 0.
        assertThat(ExcursionEvaluator.episodes(below0, H03_CLEAR5, List.of(s(0, 0), s(100, 0))))
                .isEmpty();
    }

    @Test
    void without_hysteresis_and_clear_the_first_reading_at_or_under_the_threshold_ends_the_episode() {
        EpisodeOptions none = new EpisodeOptions(0, Duration.ZERO);
        List<Episode> e = ExcursionEvaluator.episodes(ABOVE_6_30, none, List.of(s(0, 7), s(10, 6), s(11, 7), s(50, 6)));
        assertThat(e)
                .extracting(Episode::start, Episode::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(at(0), at(10)),
                        org.assertj.core.groups.Tuple.tuple(at(11), at(50)));
        assertThat(e.get(1).firedAt()).isEqualTo(at(41));
    }

    @Test
    void arrival_order_and_exact_duplicates_do_not_matter_and_the_first_of_a_conflicting_pair_wins() {
        List<Sample> ordered = List.of(s(0, 5), s(5, 7), s(20, 8.5), s(40, 7), s(45, 5), s(60, 5));
        List<Sample> shuffled = new ArrayList<>(ordered);
        shuffled.addAll(ordered.subList(1, 4));
        Collections.reverse(shuffled);
        assertThat(ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, shuffled))
                .isEqualTo(ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, ordered))
                .hasSize(1);
        // Same ts, different value: the first one seen is the stored one (5 °C), so no excursion.
        List<Sample> conflict = List.of(s(0, 5), s(0, 9), s(60, 9.5));
        assertThat(ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, conflict))
                .singleElement()
                .satisfies(x -> assertThat(x.start()).isEqualTo(at(60)));
    }

    @Test
    void no_samples_no_episodes_and_a_cumulative_rule_is_refused() {
        assertThat(ExcursionEvaluator.episodes(ABOVE_6_30, H03_CLEAR5, List.of()))
                .isEmpty();
        Rule cumulative = Rule.cumulative(CUMULATIVE_ABOVE, 6, Duration.ofMinutes(120), WARNING);
        assertThatThrownBy(() -> ExcursionEvaluator.episodes(cumulative, H03_CLEAR5, List.of(s(0, 9))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CumulativeExposure");
    }

    // ---- low battery ------------------------------------------------------------------------

    static Sample b(double minutes, Double volts) {
        return new Sample(at(minutes), 4.0, volts);
    }

    @Test
    void low_battery_fires_after_its_delay_ignores_samples_without_battery_and_uses_a_tenth_of_the_hysteresis() {
        Duration hour = Duration.ofMinutes(60);
        // Below 3.0 V from 10 on; 3.02 V is inside the 0.03 V band and does not end it; a battery-less
        // sample at 30 neither ends it nor counts as its last reading; 3.03 V ends it at 80.
        List<Sample> samples =
                List.of(b(0, 3.1), b(10, 2.99), b(30, null), b(40, 2.95), b(70, 3.02), b(80, 3.03), b(200, 3.1));
        assertThat(ExcursionEvaluator.lowBattery(3.0, hour, H03_CLEAR5, samples))
                .containsExactly(new Episode(at(10), at(80), at(70), 2.95, at(40), at(70)));
        // One minute shorter (ends at 69): does not fire.
        List<Sample> shorter = List.of(b(0, 3.1), b(10, 2.99), b(69, 3.2));
        assertThat(ExcursionEvaluator.lowBattery(3.0, hour, H03_CLEAR5, shorter))
                .singleElement()
                .satisfies(e -> assertThat(e.fired()).isFalse());
        // Exactly 3.0 V is not low.
        assertThat(ExcursionEvaluator.lowBattery(3.0, Duration.ZERO, H03_CLEAR5, List.of(b(0, 3.0), b(100, 3.0))))
                .isEmpty();
    }

    @Test
    void low_battery_keeps_the_first_stored_sample_for_a_timestamp_even_when_it_has_no_battery_value() {
        List<Sample> samples = List.of(b(0, null), b(0, 2.5), b(10, 3.2));
        assertThat(ExcursionEvaluator.lowBattery(3.0, Duration.ZERO, H03_CLEAR5, samples))
                .isEmpty();
    }
}
