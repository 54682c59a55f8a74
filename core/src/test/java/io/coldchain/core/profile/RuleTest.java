package io.coldchain.core.profile;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_BELOW;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.error.ColdchainException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Rules validate themselves and name the offending field as the client wrote it. */
class RuleTest {
    @Test
    void reads_the_contract_wire_form() {
        Rule r = Rule.fromWire("rules[0]", "cumulative_above", 6.0, null, 120L, "critical");
        assertThat(r)
                .isEqualTo(Rule.cumulative(
                        Rule.Kind.CUMULATIVE_ABOVE, 6, Duration.ofMinutes(120), Rule.Severity.CRITICAL));
        assertThat(r.kind().wire()).isEqualTo("cumulative_above");
        assertThat(r.severity().wire()).isEqualTo("critical");
        assertThat(Rule.fromWire("rules[1]", "below", -1.5, 0L, null, "warning").delay())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void wire_errors_name_the_indexed_field() {
        rejects(
                () -> Rule.fromWire("rules[2]", "above", 6.0, 10081L, null, "warning"),
                "rules[2].delay_min must be 0..10080");
        rejects(
                () -> Rule.fromWire("rules[2]", "above", 6.0, -1L, null, "warning"),
                "rules[2].delay_min must be 0..10080");
        rejects(
                () -> Rule.fromWire("rules[3]", "cumulative_below", 0.0, null, 0L, "warning"),
                "rules[3].budget_min must be 1..43200");
        rejects(
                () -> Rule.fromWire("rules[3]", "cumulative_below", 0.0, null, 43201L, "warning"),
                "rules[3].budget_min must be 1..43200");
        rejects(
                () -> Rule.fromWire("rules[0]", "above", 6.0, Long.MAX_VALUE, null, "warning"),
                "rules[0].delay_min must be 0..10080");
        rejects(() -> Rule.fromWire("rules[0]", "over", 6.0, 30L, null, "warning"), "rules[0].kind must be one of");
        rejects(() -> Rule.fromWire("rules[0]", null, 6.0, 30L, null, "warning"), "rules[0].kind is required");
        rejects(() -> Rule.fromWire("rules[0]", "above", 6.0, 30L, null, "major"), "rules[0].severity must be one of");
        rejects(() -> Rule.fromWire("rules[0]", "above", 6.0, 30L, null, null), "rules[0].severity is required");
        rejects(
                () -> Rule.fromWire("rules[0]", "above", null, 30L, null, "warning"),
                "rules[0].threshold_c is required");
        rejects(
                () -> Rule.fromWire("rules[1]", "above", 80.5, 30L, null, "warning"),
                "rules[1].threshold_c must be a finite number in -80..80");
        rejects(() -> Rule.fromWire("rules[1]", "above", Double.NaN, 30L, null, "warning"), "rules[1].threshold_c");
    }

    @Test
    void exactly_one_of_delay_and_budget_according_to_kind() {
        rejects(
                () -> Rule.fromWire("rules[4]", "above", 6.0, null, null, "warning"),
                "rules[4].delay_min is required for kind above");
        rejects(
                () -> Rule.fromWire("rules[4]", "above", 6.0, 30L, 60L, "warning"),
                "rules[4].budget_min is not allowed for kind above");
        rejects(
                () -> Rule.fromWire("rules[4]", "cumulative_above", 6.0, null, null, "warning"),
                "rules[4].budget_min is required for kind cumulative_above");
        rejects(
                () -> Rule.fromWire("rules[4]", "cumulative_above", 6.0, 30L, 60L, "warning"),
                "rules[4].delay_min is not allowed for kind cumulative_above");
    }

    @Test
    void the_constructor_checks_the_same_and_says_rule() {
        rejects(
                () -> Rule.timed(ABOVE, 6, Duration.ofDays(7).plusMinutes(1), WARNING),
                "rule.delay_min must be 0..10080");
        rejects(
                () -> Rule.timed(ABOVE, 6, Duration.ofSeconds(90), WARNING),
                "rule.delay_min must be a whole number of minutes");
        rejects(
                () -> Rule.cumulative(CUMULATIVE_BELOW, 0, Duration.ofSeconds(30), WARNING),
                "rule.budget_min must be 1..43200");
        rejects(() -> new Rule(ABOVE, Double.POSITIVE_INFINITY, Duration.ZERO, null, WARNING), "rule.threshold_c");
        assertThat(Rule.timed(ABOVE, 6, Duration.ofDays(7), WARNING).delay()).isEqualTo(Duration.ofMinutes(10080));
        assertThat(Rule.cumulative(CUMULATIVE_BELOW, 0, Duration.ofDays(30), WARNING)
                        .budget())
                .isEqualTo(Duration.ofMinutes(43200));
    }

    @Test
    void minus_zero_is_zero() {
        assertThat(Rule.timed(ABOVE, -0.0, Duration.ZERO, WARNING))
                .isEqualTo(Rule.timed(ABOVE, 0.0, Duration.ZERO, WARNING));
    }

    @Test
    void the_section_8_kinds_take_their_own_fields() {
        Rule rh = Rule.fromWire("rules[0]", wire("humidity_above", null, 65.0, 240L, null, null, null));
        assertThat(rh).isEqualTo(Rule.timed(Rule.Kind.HUMIDITY_ABOVE, 65, Duration.ofHours(4), WARNING));
        Rule door = Rule.fromWire("rules[1]", wire("door_open", null, null, 10L, null, null, null));
        assertThat(door).isEqualTo(Rule.timed(Rule.Kind.DOOR_OPEN, 0, Duration.ofMinutes(10), WARNING));
        Rule cool = Rule.fromWire("rules[2]", wire("not_cooled_within", 4.0, null, null, null, 120L, null));
        assertThat(cool).isEqualTo(Rule.timed(Rule.Kind.NOT_COOLED_WITHIN, 4, Duration.ofMinutes(120), WARNING));
        Rule age = Rule.fromWire("rules[3]", wire("age_above", null, null, null, null, null, 48L));
        assertThat(age).isEqualTo(Rule.timed(Rule.Kind.AGE_ABOVE, 0, Duration.ofHours(48), WARNING));
        // What comes in goes out: a PUT then a GET gives the same fields, and only the kind's.
        for (Rule r : new Rule[] {rh, door, cool, age}) {
            assertThat(Rule.fromWire("rules[0]", r.toWire())).isEqualTo(r);
        }
        assertThat(age.toWire()).isEqualTo(wire("age_above", null, null, null, null, null, 48L));
        assertThat(rh.toWire().thresholdC()).isNull();
    }

    @Test
    void the_section_8_kinds_refuse_fields_of_other_kinds_and_bad_ranges() {
        rejects(
                () -> Rule.fromWire("rules[0]", wire("humidity_above", 65.0, null, 240L, null, null, null)),
                "rules[0].threshold_c is not allowed for kind humidity_above (use threshold_rh)");
        rejects(
                () -> Rule.fromWire("rules[0]", wire("humidity_above", null, 100.5, 240L, null, null, null)),
                "rules[0].threshold_rh must be a finite number in 0..100");
        rejects(
                () -> Rule.fromWire("rules[0]", wire("humidity_above", null, null, 240L, null, null, null)),
                "rules[0].threshold_rh is required");
        rejects(
                () -> Rule.fromWire("rules[1]", wire("door_open", 4.0, null, 10L, null, null, null)),
                "rules[1].threshold_c is not allowed for kind door_open (it has no threshold)");
        rejects(
                () -> Rule.fromWire("rules[2]", wire("not_cooled_within", 4.0, null, 120L, null, null, null)),
                "rules[2].delay_min is not allowed for kind not_cooled_within (use within_min)");
        rejects(
                () -> Rule.fromWire("rules[2]", wire("not_cooled_within", 4.0, null, null, null, 0L, null)),
                "rules[2].within_min must be 1..10080");
        rejects(
                () -> Rule.fromWire("rules[3]", wire("age_above", null, null, null, null, null, 721L)),
                "rules[3].max_age_h must be 1..720");
        rejects(
                () -> Rule.fromWire("rules[3]", wire("age_above", null, null, null, null, null, null)),
                "rules[3].max_age_h is required for kind age_above");
        rejects(
                () -> Rule.timed(Rule.Kind.AGE_ABOVE, 0, Duration.ofMinutes(90), WARNING),
                "rule.max_age_h must be a whole number of hours");
        rejects(() -> Rule.timed(Rule.Kind.DOOR_OPEN, 1, Duration.ZERO, WARNING), "has no threshold");
    }

    private static RuleWire wire(String kind, Double c, Double rh, Long delay, Long budget, Long within, Long maxAgeH) {
        return new RuleWire(kind, c, rh, delay, budget, within, maxAgeH, "warning");
    }

    static void rejects(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOf(ColdchainException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    assertThat(((ColdchainException) e).status()).isEqualTo(400);
                    assertThat(((ColdchainException) e).error()).isIn("invalid_profile", "invalid_identifier");
                });
    }
}
