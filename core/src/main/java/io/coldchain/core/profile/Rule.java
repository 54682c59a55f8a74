package io.coldchain.core.profile;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import java.time.Duration;

/**
 * One alert rule of a profile, in the four kinds the HTTP contract can express.
 *
 * <p>{@link Kind#ABOVE} / {@link Kind#BELOW} fire when one excursion beyond {@code thresholdC} has
 * lasted {@code delay} ({@link Duration#ZERO}: at the first reading); {@code budget} is then null.
 * The cumulative kinds fire when the batch's summed time beyond the threshold reaches {@code budget};
 * {@code delay} is then null. Durations are whole minutes because the wire carries
 * {@code delay_min} / {@code budget_min}: a PUT followed by a GET must give back the same rule.
 *
 * <p>Validation errors are 400s that name the field as the client wrote it. The canonical
 * constructor can only say {@code rule.delay_min}; the HTTP layer should use
 * {@link #fromWire} with {@code "rules[" + i + "]"} so the message points at the entry.
 */
public record Rule(Kind kind, double thresholdC, Duration delay, Duration budget, Severity severity) {
    static final String ERROR = "invalid_profile";
    /** Sensor range bound; a threshold outside it is a typo (°F, or a missing minus sign). */
    public static final double MAX_ABS_THRESHOLD_C = 80.0;

    public static final long MAX_DELAY_MIN = 7 * 24 * 60;
    public static final long MIN_BUDGET_MIN = 1;
    public static final long MAX_BUDGET_MIN = 30 * 24 * 60;

    public enum Kind {
        ABOVE("above"),
        BELOW("below"),
        CUMULATIVE_ABOVE("cumulative_above"),
        CUMULATIVE_BELOW("cumulative_below");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** True for the stability-budget kinds, which take a budget instead of a delay. */
        public boolean cumulative() {
            return this == CUMULATIVE_ABOVE || this == CUMULATIVE_BELOW;
        }

        /** True when a reading is out of range by being warmer than the threshold. */
        public boolean upward() {
            return this == ABOVE || this == CUMULATIVE_ABOVE;
        }

        public static Kind fromWire(String field, String value) {
            for (Kind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw invalid(field + " must be one of above, below, cumulative_above, cumulative_below (got "
                    + Ids.describe(value) + ")");
        }
    }

    public enum Severity {
        WARNING("warning"),
        CRITICAL("critical");

        private final String wire;

        Severity(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Severity fromWire(String field, String value) {
            for (Severity s : values()) {
                if (s.wire.equals(value)) {
                    return s;
                }
            }
            throw invalid(field + " must be one of warning, critical (got " + Ids.describe(value) + ")");
        }
    }

    public Rule {
        check("rule", kind, thresholdC, delay, budget, severity);
        thresholdC += 0.0; // -0.0 becomes 0.0, else record equality would tell two equal rules apart
    }

    /** A consecutive-excursion rule (above/below). */
    public static Rule timed(Kind kind, double thresholdC, Duration delay, Severity severity) {
        return new Rule(kind, thresholdC, delay, null, severity);
    }

    /** A cumulative (stability-budget) rule. */
    public static Rule cumulative(Kind kind, double thresholdC, Duration budget, Severity severity) {
        return new Rule(kind, thresholdC, null, budget, severity);
    }

    /**
     * Builds a rule from the contract's JSON fields (null = absent), naming every field under
     * {@code at}, e.g. {@code rules[2]}.
     */
    public static Rule fromWire(
            String at, String kind, Double thresholdC, Long delayMin, Long budgetMin, String severity) {
        Kind k = kind == null ? null : Kind.fromWire(at + ".kind", kind);
        Severity s = severity == null ? null : Severity.fromWire(at + ".severity", severity);
        if (thresholdC == null) {
            throw invalid(at + ".threshold_c is required");
        }
        // Range-check the raw minutes first: Duration.ofMinutes(Long.MAX_VALUE) would throw an
        // ArithmeticException, a 500 for what is the client's mistake.
        Duration delay = minutes(at + ".delay_min", delayMin, 0, MAX_DELAY_MIN);
        Duration budget = minutes(at + ".budget_min", budgetMin, MIN_BUDGET_MIN, MAX_BUDGET_MIN);
        check(at, k, thresholdC, delay, budget, s);
        return new Rule(k, thresholdC, delay, budget, s);
    }

    private static Duration minutes(String field, Long value, long min, long max) {
        if (value == null) {
            return null;
        }
        if (value < min || value > max) {
            throw invalid(field + " must be " + min + ".." + max);
        }
        return Duration.ofMinutes(value);
    }

    private static void check(
            String at, Kind kind, double thresholdC, Duration delay, Duration budget, Severity severity) {
        if (kind == null) {
            throw invalid(at + ".kind is required (above, below, cumulative_above, cumulative_below)");
        }
        if (severity == null) {
            throw invalid(at + ".severity is required (warning, critical)");
        }
        if (!Double.isFinite(thresholdC) || Math.abs(thresholdC) > MAX_ABS_THRESHOLD_C) {
            throw invalid(at + ".threshold_c must be a finite number in -80..80");
        }
        String used = kind.cumulative() ? "budget_min" : "delay_min";
        String unused = kind.cumulative() ? "delay_min" : "budget_min";
        Duration value = kind.cumulative() ? budget : delay;
        if ((kind.cumulative() ? delay : budget) != null) {
            throw invalid(at + "." + unused + " is not allowed for kind " + kind.wire() + " (use " + used + ")");
        }
        if (value == null) {
            throw invalid(at + "." + used + " is required for kind " + kind.wire());
        }
        long min = kind.cumulative() ? MIN_BUDGET_MIN : 0;
        long max = kind.cumulative() ? MAX_BUDGET_MIN : MAX_DELAY_MIN;
        if (value.compareTo(Duration.ofMinutes(min)) < 0 || value.compareTo(Duration.ofMinutes(max)) > 0) {
            throw invalid(at + "." + used + " must be " + min + ".." + max);
        }
        if (!value.equals(Duration.ofMinutes(value.toMinutes()))) {
            throw invalid(at + "." + used + " must be a whole number of minutes");
        }
    }

    static ColdchainException invalid(String detail) {
        return ColdchainException.badRequest(ERROR, detail);
    }
}
