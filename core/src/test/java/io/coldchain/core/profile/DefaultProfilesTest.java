package io.coldchain.core.profile;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.BELOW;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_ABOVE;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static io.coldchain.core.profile.Rule.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The defaults are the numbers of domain.md, "Temperature profiles", written out again by hand. */
class DefaultProfilesTest {
    private final Map<String, Profile> byId =
            DefaultProfiles.all().stream().collect(Collectors.toMap(Profile::id, Function.identity()));

    @Test
    void stable_ids() {
        // Records validate on construction, so all() returning at all means every default is valid.
        assertThat(DefaultProfiles.all())
                .extracting(Profile::id)
                .containsExactly("dairy-chilled", "raw-milk", "meat-chilled", "frozen", "infant-formula");
    }

    @Test
    void low_temperature_dairy() {
        Profile p = byId.get("dairy-chilled");
        assertThat(p.minC()).isEqualTo(2.0);
        assertThat(p.maxC()).isEqualTo(6.0);
        assertThat(p.rules())
                .containsExactly(
                        new Rule(ABOVE, 6, Duration.ofMinutes(30), null, WARNING),
                        new Rule(ABOVE, 8, Duration.ZERO, null, CRITICAL),
                        new Rule(CUMULATIVE_ABOVE, 6, null, Duration.ofMinutes(120), CRITICAL),
                        new Rule(BELOW, 0, Duration.ofMinutes(60), null, CRITICAL));
    }

    @Test
    void raw_milk() {
        Profile p = byId.get("raw-milk");
        assertThat(p.minC()).isNull();
        assertThat(p.maxC()).isEqualTo(4.0);
        assertThat(p.rules())
                .containsExactly(
                        new Rule(ABOVE, 6, Duration.ofMinutes(30), null, CRITICAL),
                        new Rule(Rule.Kind.NOT_COOLED_WITHIN, 4, Duration.ofMinutes(120), null, WARNING),
                        new Rule(Rule.Kind.AGE_ABOVE, 0, Duration.ofHours(48), null, CRITICAL));
    }

    @Test
    void chilled_meat() {
        Profile p = byId.get("meat-chilled");
        assertThat(p.minC()).isEqualTo(0.0);
        assertThat(p.maxC()).isEqualTo(4.0);
        assertThat(p.rules())
                .containsExactly(
                        new Rule(ABOVE, 4, Duration.ofMinutes(30), null, WARNING),
                        new Rule(BELOW, -1.5, Duration.ofMinutes(60), null, WARNING));
    }

    @Test
    void frozen() {
        Profile p = byId.get("frozen");
        assertThat(p.minC()).isNull();
        assertThat(p.maxC()).isEqualTo(-18.0);
        assertThat(p.rules())
                .containsExactly(
                        new Rule(ABOVE, -18, Duration.ofMinutes(30), null, WARNING),
                        new Rule(ABOVE, -15, Duration.ZERO, null, CRITICAL));
    }

    @Test
    void infant_formula() {
        Profile p = byId.get("infant-formula");
        assertThat(p.minC()).isNull();
        assertThat(p.maxC()).isEqualTo(25.0);
        assertThat(p.rules())
                .containsExactly(
                        new Rule(ABOVE, 25, Duration.ofHours(4), null, WARNING),
                        new Rule(Rule.Kind.HUMIDITY_ABOVE, 65, Duration.ofHours(4), null, WARNING));
    }
}
