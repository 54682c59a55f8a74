package io.coldchain.core.profile;

import static io.coldchain.core.profile.Rule.invalid;

import io.coldchain.core.model.Ids;
import java.util.List;

/**
 * A temperature profile: compliance limits and alert rules, kept apart on purpose.
 *
 * <p>{@code minC} / {@code maxC} say what the product must be kept within (drawn on curves and
 * reports, used for "time out of range"); either may be null (frozen food has no lower limit).
 * {@code rules} say when to wake someone up, and may sit anywhere relative to the limits: dairy
 * kept at 2–6 °C raises a critical alert only above 8 °C at once. Deriving one from the other
 * would mix a legal fact with an operational choice.
 */
public record Profile(String id, String name, Double minC, Double maxC, List<Rule> rules) {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_RULES = 20;

    public Profile {
        Ids.require("profile", id);
        if (name == null || name.isBlank()) {
            throw invalid("name is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw invalid("name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        minC = limit("min_c", minC);
        maxC = limit("max_c", maxC);
        if (minC != null && maxC != null && !(minC < maxC)) {
            throw invalid("min_c (" + minC + ") must be below max_c (" + maxC + ")");
        }
        if (rules == null) {
            throw invalid("rules is required (may be empty)");
        }
        if (rules.size() > MAX_RULES) {
            throw invalid("rules must have at most " + MAX_RULES + " entries (got " + rules.size() + ")");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw invalid("rules[" + i + "] is required");
            }
            int first = rules.indexOf(rules.get(i));
            if (first < i) {
                // A repeated rule would raise two alerts for one excursion.
                throw invalid("rules[" + i + "] repeats rules[" + first + "]");
            }
        }
        rules = List.copyOf(rules);
    }

    private static Double limit(String field, Double value) {
        if (value == null) {
            return null;
        }
        if (!Double.isFinite(value) || Math.abs(value) > Rule.MAX_ABS_THRESHOLD_C) {
            throw invalid(field + " must be a finite number in -80..80");
        }
        return value + 0.0; // normalise -0.0 so equal profiles compare equal
    }
}
