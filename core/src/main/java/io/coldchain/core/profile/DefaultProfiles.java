package io.coldchain.core.profile;

import static io.coldchain.core.profile.Rule.Kind.ABOVE;
import static io.coldchain.core.profile.Rule.Kind.AGE_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.BELOW;
import static io.coldchain.core.profile.Rule.Kind.CUMULATIVE_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.HUMIDITY_ABOVE;
import static io.coldchain.core.profile.Rule.Kind.NOT_COOLED_WITHIN;
import static io.coldchain.core.profile.Rule.Severity.CRITICAL;
import static io.coldchain.core.profile.Rule.Severity.WARNING;

import java.time.Duration;
import java.util.List;

/**
 * The default profiles of the domain brief (docs: domain.md, "Temperature profiles"). They are
 * starting points a tenant copies and edits, never "the law": figures the brief marks
 * <em>unverified</em> are flagged below. The ids are stable because tenants' assets and
 * products will refer to them.
 *
 * <p>What the rule kinds cannot express is left out rather than approximated; see the package
 * documentation.
 */
public final class DefaultProfiles {
    private DefaultProfiles() {}

    public static List<Profile> all() {
        return List.of(
                // Keep within 2–6 °C (label and industry practice; EU ATP ≤ 6 °C).
                new Profile(
                        "dairy-chilled",
                        "Low-temperature dairy (pasteurised milk, yoghurt, fresh cream)",
                        2.0,
                        6.0,
                        List.of(
                                Rule.timed(ABOVE, 6, minutes(30), WARNING),
                                Rule.timed(ABOVE, 8, Duration.ZERO, CRITICAL),
                                Rule.cumulative(CUMULATIVE_ABOVE, 6, minutes(120), CRITICAL),
                                Rule.timed(BELOW, 0, minutes(60), CRITICAL))), // freezing ruins the product
                // Limit: ≤ 4 °C, the state milk must reach within 2 h of milking and then hold. The
                // tank's "below 6 °C" is the critical alarm, not the limit. The warning "not at ≤ 4 °C
                // within 2 h" is *unverified* (the brief says "of loading"; produced_at, the milking, is the
                // one time a batch carries). "≤ 48 h before processing": a batch not at a plant 48 h after
                // milking is critical, so that it is held rather than processed.
                new Profile(
                        "raw-milk",
                        "Raw milk (farm tank and tanker)",
                        null,
                        4.0,
                        List.of(
                                Rule.timed(ABOVE, 6, minutes(30), CRITICAL),
                                Rule.timed(NOT_COOLED_WITHIN, 4, minutes(120), WARNING), // *unverified*
                                Rule.timed(AGE_ABOVE, 0, Duration.ofHours(48), CRITICAL))),
                // Limit 0–4 °C is *unverified* (EU: red meat ≤ 7 °C, poultry ≤ 4 °C); the rules are the brief's
                // defaults.
                new Profile(
                        "meat-chilled",
                        "Chilled meat",
                        0.0,
                        4.0,
                        List.of(
                                Rule.timed(ABOVE, 4, minutes(30), WARNING),
                                Rule.timed(BELOW, -1.5, minutes(60), WARNING))),
                // ≤ −18 °C; a brief rise to −15 °C is tolerated in transport (EU Reg. 37/2005).
                new Profile(
                        "frozen",
                        "Frozen meat and quick-frozen food",
                        null,
                        -18.0,
                        List.of(
                                Rule.timed(ABOVE, -18, minutes(30), WARNING),
                                Rule.timed(ABOVE, -15, Duration.ZERO, CRITICAL))),
                // Limit ≤ 25 °C is *unverified* (label conditions vary), and so is the 65 % RH for 4 h warning.
                new Profile(
                        "infant-formula",
                        "Infant formula powder (storage)",
                        null,
                        25.0,
                        List.of(
                                Rule.timed(ABOVE, 25, Duration.ofHours(4), WARNING),
                                Rule.timed(HUMIDITY_ABOVE, 65, Duration.ofHours(4), WARNING)))); // *unverified*
    }

    private static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }
}
