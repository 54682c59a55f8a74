package io.coldchain.core.profile;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.BELOW;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static io.coldchain.core.profile.RuleTest.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTest {
    private static final Rule WARM = Rule.timed(ABOVE, 6, Duration.ofMinutes(30), WARNING);

    @Test
    void limits_are_optional_and_apart_from_rules() {
        Profile p = new Profile("p1", "Frozen", null, -18.0, List.of(Rule.timed(ABOVE, -15, Duration.ZERO, CRITICAL)));
        assertThat(p.minC()).isNull();
        assertThat(p.maxC()).isEqualTo(-18.0);
        assertThat(new Profile("p2", "Limits only", 2.0, 6.0, List.of()).rules())
                .isEmpty();
    }

    @Test
    void errors_name_the_field() {
        rejects(() -> new Profile("a/b", "x", null, null, List.of()), "profile must be 1-64 characters");
        rejects(() -> new Profile("p", null, null, null, List.of()), "name is required");
        rejects(() -> new Profile("p", "  ", null, null, List.of()), "name is required");
        rejects(() -> new Profile("p", "x".repeat(201), null, null, List.of()), "name must be 1..200 characters");
        rejects(() -> new Profile("p", "x", 6.0, 2.0, List.of()), "min_c (6.0) must be below max_c (2.0)");
        rejects(() -> new Profile("p", "x", 4.0, 4.0, List.of()), "must be below max_c");
        rejects(() -> new Profile("p", "x", Double.NaN, null, List.of()), "min_c must be a finite number");
        rejects(() -> new Profile("p", "x", null, 81.0, List.of()), "max_c must be a finite number in -80..80");
        rejects(() -> new Profile("p", "x", null, null, null), "rules is required");
        rejects(() -> new Profile("p", "x", null, null, Arrays.asList(WARM, null)), "rules[1] is required");
    }

    @Test
    void two_hundred_chinese_characters_are_two_hundred() {
        assertThat(new Profile("p", "低".repeat(200), null, null, List.of()).name())
                .hasSize(200);
    }

    @Test
    void at_most_twenty_rules() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            rules.add(Rule.timed(BELOW, -i, Duration.ofMinutes(60), WARNING));
        }
        assertThat(new Profile("p", "x", null, null, rules.subList(0, 20)).rules())
                .hasSize(20);
        rejects(() -> new Profile("p", "x", null, null, rules), "rules must have at most 20 entries (got 21)");
    }

    @Test
    void no_two_identical_rules() {
        Rule same = Rule.timed(ABOVE, 6, Duration.ofMinutes(30), WARNING);
        rejects(
                () -> new Profile(
                        "p", "x", null, null, List.of(WARM, Rule.timed(ABOVE, 8, Duration.ZERO, CRITICAL), same)),
                "rules[2] repeats rules[0]");
        // Same threshold and delay with another severity is a different rule (an escalation ladder).
        assertThat(new Profile(
                                "p",
                                "x",
                                null,
                                null,
                                List.of(WARM, Rule.timed(ABOVE, 6, Duration.ofMinutes(30), CRITICAL)))
                        .rules())
                .hasSize(2);
    }

    @Test
    void rules_are_copied_and_immutable() {
        List<Rule> rules = new ArrayList<>(List.of(WARM));
        Profile p = new Profile("p", "x", null, null, rules);
        rules.clear();
        assertThat(p.rules()).containsExactly(WARM);
        assertThatThrownBy(() -> p.rules().add(WARM)).isInstanceOf(UnsupportedOperationException.class);
    }
}
