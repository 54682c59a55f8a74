package io.coldchain.alerting.rules;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_BELOW;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.alerting.rules.CumulativeExposure.Leg;
import io.coldchain.alerting.rules.CumulativeExposure.Result;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One dairy batch, truck → cold room → display case, under the default "cumulative above 6 °C for
 * 120 min" rule. Minutes beyond 6 °C, worked by hand:
 *
 * <pre>
 * truck      06:00–09:00  probe A beyond 07:00–07:40, probe B beyond 07:20–08:00
 *                          union 07:00–08:00 = 60 min (the sum would be 80)
 * cold room  09:00–12:00  a 08:40 reading (before the leg) stands to 09:10: 10 min;
 *                          10:00–10:20: 20 min; an 11:45 reading stands to 12:30, clipped: 15 min
 *                          (a 12 °C reading at 05:00–05:30 lies outside the leg and counts for nothing)
 *                          leg 45 min, running 105 min (with the sum: 125, over budget here at 11:55)
 * display    12:00–open   13:00–13:30: 30 min, the budget's 15 remaining minutes reached at 13:15;
 *                          14:40 beyond, standing to now = 15:00: 20 min; leg 50 min, total 155
 * </pre>
 */
class CumulativeExposureTest {
    static final Rule BUDGET =
            DefaultProfiles.all().stream()
                    .filter(p -> p.id().equals("dairy-chilled"))
                    .findFirst()
                    .orElseThrow()
                    .rules()
                    .stream()
                    .filter(r -> r.kind() == CUMULATIVE_ABOVE)
                    .findFirst()
                    .orElseThrow();
    static final Instant NOW = t("15:00");

    static Instant t(String hhmm) {
        return Instant.parse("2026-11-21T" + hhmm + ":00Z");
    }

    static Sample s(String hhmm, double temp) {
        return Sample.of(t(hhmm), temp);
    }

    static Leg truck() {
        List<Sample> a = List.of(s("06:00", 4), s("07:00", 7.0), s("07:40", 4), s("08:30", 4.5));
        List<Sample> b = List.of(s("06:00", 4), s("07:20", 7.5), s("08:00", 4));
        return new Leg("truck-017", t("06:00"), t("09:00"), List.of(a, b));
    }

    static Leg coldRoom() {
        List<Sample> probe = new ArrayList<>(List.of(
                s("05:00", 12.0),
                s("05:30", 4),
                s("08:40", 6.8),
                s("09:10", 4),
                s("10:00", 6.5),
                s("10:20", 5.5),
                s("11:45", 7.2),
                s("12:30", 4)));
        Collections.reverse(probe); // any order
        return new Leg("cold-room-3", t("09:00"), t("12:00"), List.of(probe));
    }

    static Leg displayCase() {
        List<Sample> probe = List.of(s("12:05", 5), s("13:00", 6.3), s("13:30", 5), s("14:40", 6.1));
        return new Leg("display-12", t("12:00"), null, List.of(probe));
    }

    static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void the_budget_is_crossed_only_on_the_last_leg_counting_the_union_of_probes_and_clipping_at_leg_bounds() {
        Result r = CumulativeExposure.evaluate(BUDGET, List.of(truck(), coldRoom(), displayCase()), NOW);
        assertThat(r.perLeg()).containsExactly(min(60), min(45), min(50));
        assertThat(r.exposure()).isEqualTo(min(155));
        assertThat(r.firstOut()).isEqualTo(t("07:00"));
        assertThat(r.budgetReachedAt()).isEqualTo(t("13:15"));
        assertThat(r.peakC()).isEqualTo(7.5); // the 12 °C reading outside the cold-room leg does not count
    }

    @Test
    void before_the_display_case_the_budget_was_not_reached() {
        Result r = CumulativeExposure.evaluate(BUDGET, List.of(truck(), coldRoom()), NOW);
        assertThat(r.exposure()).isEqualTo(min(105));
        assertThat(r.budgetReachedAt()).isNull();
    }

    @Test
    void legs_given_out_of_order_are_reported_in_that_order_but_summed_in_time_order() {
        Result r = CumulativeExposure.evaluate(BUDGET, List.of(displayCase(), truck(), coldRoom()), NOW);
        assertThat(r.perLeg()).containsExactly(min(50), min(60), min(45));
        assertThat(r.budgetReachedAt()).isEqualTo(t("13:15"));
    }

    @Test
    void an_open_legs_last_reading_stands_until_now() {
        Result r = CumulativeExposure.evaluate(BUDGET, List.of(displayCase()), t("14:50"));
        assertThat(r.exposure()).isEqualTo(min(30 + 10));
    }

    @Test
    void a_reading_before_the_leg_that_stands_into_it_starts_the_exposure_at_the_legs_start() {
        Result r = CumulativeExposure.evaluate(BUDGET, List.of(coldRoom()), NOW);
        assertThat(r.firstOut()).isEqualTo(t("09:00"));
        assertThat(r.peakC()).isEqualTo(7.2);
    }

    @Test
    void cumulative_below_counts_time_under_the_threshold() {
        Rule cold = Rule.cumulative(CUMULATIVE_BELOW, 0, min(60), CRITICAL);
        Leg leg = new Leg(
                "freezer-1",
                t("06:00"),
                t("10:00"),
                List.of(List.of(s("06:00", 1), s("07:00", -0.5), s("07:30", 0.0), s("08:00", -2), s("09:00", 1))));
        Result r = CumulativeExposure.evaluate(cold, List.of(leg), NOW);
        assertThat(r.exposure()).isEqualTo(min(90));
        assertThat(r.budgetReachedAt()).isEqualTo(t("08:30"));
        assertThat(r.peakC()).isEqualTo(-2);
    }

    @Test
    void no_legs_or_no_excursion_gives_zero_and_a_timed_rule_is_refused() {
        Result none = CumulativeExposure.evaluate(BUDGET, List.of(), NOW);
        assertThat(none.exposure()).isZero();
        assertThat(none.perLeg()).isEmpty();
        assertThat(none.firstOut()).isNull();
        assertThat(none.budgetReachedAt()).isNull();
        assertThat(none.peakC()).isNaN();
        assertThatThrownBy(() -> CumulativeExposure.evaluate(Rule.timed(ABOVE, 6, min(30), CRITICAL), List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSilenceAfterABeyondReadingCountsOnlyUpToTheLegsMaxStep() {
        // 07:00 at 7 °C, then nothing until 09:00 (a data gap), then 4 °C. Capped at 10 minutes the
        // reading vouches for 07:00–07:10 only; uncapped it would stand for two hours.
        List<Sample> probe = List.of(s("06:50", 4), s("07:00", 7.0), s("09:00", 4));
        Leg capped = new Leg("truck-1", t("06:00"), t("10:00"), List.of(probe), java.time.Duration.ofMinutes(10));
        Leg uncapped = new Leg("truck-1", t("06:00"), t("10:00"), List.of(probe));
        assertThat(CumulativeExposure.evaluate(BUDGET, List.of(capped), NOW).exposure())
                .isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(CumulativeExposure.evaluate(BUDGET, List.of(uncapped), NOW).exposure())
                .isEqualTo(java.time.Duration.ofHours(2));
    }
}
