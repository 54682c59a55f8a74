package io.coldchain.alerting.rules;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.BELOW;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_ABOVE;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario per default rule of the domain brief ("Temperature profiles"): a reading just inside
 * and just beyond each threshold, and an excursion one minute shorter than, and exactly as long as,
 * each delay or budget. The rules are taken from {@link DefaultProfiles}, and the first test pins
 * them to the brief, so a changed default cannot silently change what these scenarios test.
 */
class DefaultRuleScenariosTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final EpisodeOptions OPTIONS = EpisodeOptions.DEFAULT;

    /** The brief's table, as (profile, rule) pairs. */
    static final List<Object[]> BRIEF = List.of(
            new Object[] {"dairy-chilled", Rule.timed(ABOVE, 6, Duration.ofMinutes(30), WARNING)},
            new Object[] {"dairy-chilled", Rule.timed(ABOVE, 8, Duration.ZERO, CRITICAL)},
            new Object[] {"dairy-chilled", Rule.cumulative(CUMULATIVE_ABOVE, 6, Duration.ofMinutes(120), CRITICAL)},
            new Object[] {"dairy-chilled", Rule.timed(BELOW, 0, Duration.ofMinutes(60), CRITICAL)},
            new Object[] {"raw-milk", Rule.timed(ABOVE, 6, Duration.ofMinutes(30), CRITICAL)},
            new Object[] {"raw-milk", Rule.timed(Rule.Kind.NOT_COOLED_WITHIN, 4, Duration.ofMinutes(120), WARNING)},
            new Object[] {"raw-milk", Rule.timed(Rule.Kind.AGE_ABOVE, 0, Duration.ofHours(48), CRITICAL)},
            new Object[] {"meat-chilled", Rule.timed(ABOVE, 4, Duration.ofMinutes(30), WARNING)},
            new Object[] {"meat-chilled", Rule.timed(BELOW, -1.5, Duration.ofMinutes(60), WARNING)},
            new Object[] {"frozen", Rule.timed(ABOVE, -18, Duration.ofMinutes(30), WARNING)},
            new Object[] {"frozen", Rule.timed(ABOVE, -15, Duration.ZERO, CRITICAL)},
            new Object[] {"infant-formula", Rule.timed(ABOVE, 25, Duration.ofHours(4), WARNING)},
            new Object[] {"infant-formula", Rule.timed(Rule.Kind.HUMIDITY_ABOVE, 65, Duration.ofHours(4), WARNING)});

    static Stream<Arguments> defaultRules() {
        List<Arguments> all = new ArrayList<>();
        for (Profile p : DefaultProfiles.all()) {
            for (Rule r : p.rules()) {
                all.add(Arguments.of(p.id(), r));
            }
        }
        return all.stream();
    }

    /** The temperature episode rules (above, below); the §8 kinds have their scenarios in NewRuleKindsTest. */
    static Stream<Arguments> timedRules() {
        return defaultRules().filter(a -> {
            Rule.Kind k = ((Rule) a.get()[1]).kind();
            return k == ABOVE || k == BELOW;
        });
    }

    static Stream<Arguments> cumulativeRules() {
        return defaultRules().filter(a -> ((Rule) a.get()[1]).kind().cumulative());
    }

    @Test
    void the_scenarios_cover_exactly_the_briefs_default_rules() {
        List<List<Object>> actual = defaultRules().map(a -> List.of(a.get())).toList();
        List<List<Object>> brief = BRIEF.stream().map(List::of).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(brief);
    }

    // ---- consecutive rules ------------------------------------------------------------------

    /** Just beyond the threshold: {@code threshold ± 0.1}. */
    static double justBeyond(Rule rule) {
        return rule.kind().upward() ? rule.thresholdC() + 0.1 : rule.thresholdC() - 0.1;
    }

    /** Well back in range (past the hysteresis band). */
    static double inRange(Rule rule) {
        return rule.kind().upward() ? rule.thresholdC() - 2 : rule.thresholdC() + 2;
    }

    /**
     * An hour in range, then {@code outMinutes} one-minute readings at {@code value} from T0, then
     * readings back in range from {@code T0 + outMinutes} for an hour: an excursion that lasted exactly
     * {@code outMinutes}.
     */
    static List<Sample> excursion(Rule rule, double value, long outMinutes) {
        List<Sample> samples = new ArrayList<>();
        for (long m = -60; m < 0; m++) {
            samples.add(Sample.of(T0.plus(MIN.multipliedBy(m)), inRange(rule)));
        }
        for (long m = 0; m < outMinutes; m++) {
            samples.add(Sample.of(T0.plus(MIN.multipliedBy(m)), value));
        }
        for (long m = outMinutes; m < outMinutes + 60; m++) {
            samples.add(Sample.of(T0.plus(MIN.multipliedBy(m)), inRange(rule)));
        }
        return samples;
    }

    static long delayMinutes(Rule rule) {
        return rule.delay().toMinutes();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void exactly_at_the_threshold_held_past_the_delay_is_no_excursion(String profile, Rule rule) {
        List<Sample> samples = excursion(rule, rule.thresholdC(), delayMinutes(rule) + 30);
        assertThat(ExcursionEvaluator.episodes(rule, OPTIONS, samples)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void just_inside_the_threshold_held_past_the_delay_is_no_excursion(String profile, Rule rule) {
        double justInside = rule.kind().upward() ? rule.thresholdC() - 0.1 : rule.thresholdC() + 0.1;
        List<Sample> samples = excursion(rule, justInside, delayMinutes(rule) + 30);
        assertThat(ExcursionEvaluator.episodes(rule, OPTIONS, samples)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void just_beyond_the_threshold_held_past_the_delay_fires_at_start_plus_delay(String profile, Rule rule) {
        long out = delayMinutes(rule) + 30;
        List<Episode> episodes = ExcursionEvaluator.episodes(rule, OPTIONS, excursion(rule, justBeyond(rule), out));
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.start()).isEqualTo(T0);
            assertThat(e.end()).isEqualTo(T0.plus(MIN.multipliedBy(out)));
            assertThat(e.firedAt()).isEqualTo(T0.plus(rule.delay()));
            assertThat(e.peakC()).isEqualTo(justBeyond(rule));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void one_minute_short_of_the_delay_does_not_fire(String profile, Rule rule) {
        long delay = delayMinutes(rule);
        if (delay == 0) {
            // "At once": nothing is shorter than the delay; the threshold tests above are its boundary.
            // A single reading beyond fires at that reading instead:
            List<Sample> one = List.of(
                    Sample.of(T0.minus(MIN), inRange(rule)),
                    Sample.of(T0, justBeyond(rule)),
                    Sample.of(T0.plus(MIN), inRange(rule)));
            assertThat(ExcursionEvaluator.episodes(rule, OPTIONS, one))
                    .singleElement()
                    .satisfies(e -> assertThat(e.firedAt()).isEqualTo(T0));
            return;
        }
        List<Episode> episodes =
                ExcursionEvaluator.episodes(rule, OPTIONS, excursion(rule, justBeyond(rule), delay - 1));
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.duration()).isEqualTo(MIN.multipliedBy(delay - 1));
            assertThat(e.fired()).as("fired").isFalse();
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void exactly_the_delay_fires(String profile, Rule rule) {
        long delay = Math.max(1, delayMinutes(rule));
        List<Episode> episodes = ExcursionEvaluator.episodes(rule, OPTIONS, excursion(rule, justBeyond(rule), delay));
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.duration()).isEqualTo(MIN.multipliedBy(delay));
            assertThat(e.firedAt()).isEqualTo(T0.plus(rule.delay()));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timedRules")
    void an_open_excursion_fires_once_a_reading_shows_it_lasted_the_delay(String profile, Rule rule) {
        long delay = delayMinutes(rule);
        List<Sample> samples = new ArrayList<>();
        for (long m = 0; m <= delay; m++) {
            samples.add(Sample.of(T0.plus(MIN.multipliedBy(m)), justBeyond(rule)));
        }
        assertThat(ExcursionEvaluator.episodes(rule, OPTIONS, samples))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.open()).isTrue();
                    assertThat(e.firedAt()).isEqualTo(T0.plus(rule.delay()));
                });
        if (delay > 0) {
            List<Sample> shorter = samples.subList(0, samples.size() - 1);
            assertThat(ExcursionEvaluator.episodes(rule, OPTIONS, shorter))
                    .singleElement()
                    .satisfies(e -> assertThat(e.fired()).isFalse());
        }
    }

    // ---- cumulative rules -------------------------------------------------------------------

    /** One probe on one closed leg: {@code outMinutes} one-minute readings at {@code value} from T0. */
    static CumulativeExposure.Result exposure(Rule rule, double value, long outMinutes) {
        List<Sample> probe = new ArrayList<>();
        for (long m = 0; m < outMinutes; m++) {
            probe.add(Sample.of(T0.plus(MIN.multipliedBy(m)), value));
        }
        for (long m = outMinutes; m < outMinutes + 60; m++) {
            probe.add(Sample.of(T0.plus(MIN.multipliedBy(m)), inRange(rule)));
        }
        var leg = new CumulativeExposure.Leg(
                "truck-017", T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(10)), List.of(probe));
        return CumulativeExposure.evaluate(rule, List.of(leg), T0.plus(Duration.ofDays(1)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cumulativeRules")
    void cumulative_at_or_inside_the_threshold_counts_nothing(String profile, Rule rule) {
        long long_ = rule.budget().toMinutes() * 2;
        double justInside = rule.kind().upward() ? rule.thresholdC() - 0.1 : rule.thresholdC() + 0.1;
        for (double v : new double[] {rule.thresholdC(), justInside}) {
            CumulativeExposure.Result r = exposure(rule, v, long_);
            assertThat(r.exposure()).as("at %s", v).isZero();
            assertThat(r.budgetReachedAt()).isNull();
            assertThat(r.firstOut()).isNull();
            assertThat(r.peakC()).isNaN();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cumulativeRules")
    void cumulative_just_beyond_one_minute_short_of_the_budget_is_not_reached(String profile, Rule rule) {
        long budget = rule.budget().toMinutes();
        CumulativeExposure.Result r = exposure(rule, justBeyond(rule), budget - 1);
        assertThat(r.exposure()).isEqualTo(MIN.multipliedBy(budget - 1));
        assertThat(r.firstOut()).isEqualTo(T0);
        assertThat(r.budgetReachedAt()).isNull();
        assertThat(r.peakC()).isEqualTo(justBeyond(rule));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cumulativeRules")
    void cumulative_just_beyond_for_exactly_the_budget_is_reached_at_its_end(String profile, Rule rule) {
        long budget = rule.budget().toMinutes();
        CumulativeExposure.Result r = exposure(rule, justBeyond(rule), budget);
        assertThat(r.exposure()).isEqualTo(rule.budget());
        assertThat(r.budgetReachedAt()).isEqualTo(T0.plus(rule.budget()));
    }

    // ---- the dairy profile, spelled out -----------------------------------------------------

    @Test
    void dairy_seven_degrees_for_29_minutes_warns_of_nothing_and_for_30_minutes_warns_at_0830() {
        Rule warning = rule("dairy-chilled", ABOVE, 6);
        Rule critical = rule("dairy-chilled", ABOVE, 8);
        List<Sample> short_ = excursion(warning, 7.0, 29);
        List<Sample> long_ = excursion(warning, 7.0, 30);
        assertThat(ExcursionEvaluator.episodes(warning, OPTIONS, short_)).noneMatch(Episode::fired);
        assertThat(ExcursionEvaluator.episodes(warning, OPTIONS, long_))
                .singleElement()
                .satisfies(e -> assertThat(e.firedAt()).isEqualTo(Instant.parse("2026-11-21T08:30:00Z")));
        // 7 °C never reaches the critical 8 °C rule, however long.
        assertThat(ExcursionEvaluator.episodes(critical, OPTIONS, long_)).isEmpty();
    }

    @Test
    void dairy_8_1_degrees_for_one_reading_is_critical_at_once_but_8_0_is_not() {
        Rule critical = rule("dairy-chilled", ABOVE, 8);
        List<Sample> spike =
                List.of(Sample.of(T0, 5.0), Sample.of(T0.plus(MIN), 8.1), Sample.of(T0.plus(MIN.multipliedBy(2)), 5.0));
        List<Sample> flat =
                List.of(Sample.of(T0, 5.0), Sample.of(T0.plus(MIN), 8.0), Sample.of(T0.plus(MIN.multipliedBy(2)), 5.0));
        assertThat(ExcursionEvaluator.episodes(critical, OPTIONS, spike))
                .singleElement()
                .satisfies(e -> assertThat(e.firedAt()).isEqualTo(T0.plus(MIN)));
        assertThat(ExcursionEvaluator.episodes(critical, OPTIONS, flat)).isEmpty();
    }

    @Test
    void dairy_freezing_minus_0_1_for_59_minutes_is_not_critical_and_for_60_minutes_is() {
        Rule freezing = rule("dairy-chilled", BELOW, 0);
        assertThat(ExcursionEvaluator.episodes(freezing, OPTIONS, excursion(freezing, -0.1, 59)))
                .noneMatch(Episode::fired);
        assertThat(ExcursionEvaluator.episodes(freezing, OPTIONS, excursion(freezing, -0.1, 60)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.firedAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
                    assertThat(e.peakC()).isEqualTo(-0.1);
                });
    }

    static Rule rule(String profile, Rule.Kind kind, double threshold) {
        return DefaultProfiles.all().stream()
                .filter(p -> p.id().equals(profile))
                .findFirst()
                .orElseThrow()
                .rules()
                .stream()
                .filter(r -> r.kind() == kind && r.thresholdC() == threshold)
                .findFirst()
                .orElseThrow();
    }
}
