package io.coldchain.core.profile;

import static io.coldchain.core.profile.RuleWire.BUDGET_MIN;
import static io.coldchain.core.profile.RuleWire.DELAY_MIN;
import static io.coldchain.core.profile.RuleWire.MAX_AGE_H;
import static io.coldchain.core.profile.RuleWire.THRESHOLD_C;
import static io.coldchain.core.profile.RuleWire.THRESHOLD_RH;
import static io.coldchain.core.profile.RuleWire.WITHIN_MIN;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One alert rule of a profile, in the kinds the HTTP contract can express (§3 and §8).
 *
 * <p>{@code thresholdC} is the kind's threshold in the kind's unit ({@link Kind#threshold()}): °C, or
 * % relative humidity for {@code humidity_above}; 0 for the kinds without one ({@code door_open},
 * {@code age_above}). The component keeps its historic name so that existing callers stay valid.
 *
 * <p>{@code delay} is when the rule fires, counted from the start of what it watches: for the
 * per-sensor kinds (above, below, humidity_above, door_open) how long one episode must last
 * ({@link Duration#ZERO}: at the first reading); for {@code not_cooled_within} the time allowed to
 * cool and for {@code age_above} the maximum age, both counted from the batch's {@code produced_at}.
 * The cumulative kinds fire when the batch's summed time beyond the threshold reaches {@code budget};
 * their {@code delay} is null, everyone else's {@code budget} is. Durations are whole wire units
 * (minutes, hours for {@code max_age_h}): a PUT followed by a GET must give back the same rule.
 *
 * <p>Validation errors are 400s that name the field as the client wrote it. The canonical
 * constructor can only say {@code rule.delay_min}; the HTTP layer should use
 * {@link #fromWire(String, RuleWire)} with {@code "rules[" + i + "]"} so the message points at the entry.
 */
public record Rule(Kind kind, double thresholdC, Duration delay, Duration budget, Severity severity) {
    static final String ERROR = "invalid_profile";
    /** Sensor range bound; a threshold outside it is a typo (°F, or a missing minus sign). */
    public static final double MAX_ABS_THRESHOLD_C = 80.0;

    public static final long MAX_DELAY_MIN = 7 * 24 * 60;
    public static final long MIN_BUDGET_MIN = 1;
    public static final long MAX_BUDGET_MIN = 30 * 24 * 60;
    public static final long MAX_AGE_HOURS = 30 * 24;

    /** What a kind compares readings with, and the wire field that carries it. */
    public enum Threshold {
        CELSIUS(THRESHOLD_C, -MAX_ABS_THRESHOLD_C, MAX_ABS_THRESHOLD_C),
        RELATIVE_HUMIDITY(THRESHOLD_RH, 0, 100),
        NONE(null, 0, 0);

        final String field;
        final double min;
        final double max;

        Threshold(String field, double min, double max) {
            this.field = field;
            this.min = min;
            this.max = max;
        }
    }

    /** The duration a kind takes, its wire field, unit and range. */
    public enum Span {
        DELAY(DELAY_MIN, ChronoUnit.MINUTES, 0, MAX_DELAY_MIN),
        BUDGET(BUDGET_MIN, ChronoUnit.MINUTES, MIN_BUDGET_MIN, MAX_BUDGET_MIN),
        WITHIN(WITHIN_MIN, ChronoUnit.MINUTES, 1, MAX_DELAY_MIN),
        MAX_AGE(MAX_AGE_H, ChronoUnit.HOURS, 1, MAX_AGE_HOURS);

        final String field;
        final ChronoUnit unit;
        final long min;
        final long max;

        Span(String field, ChronoUnit unit, long min, long max) {
            this.field = field;
            this.unit = unit;
            this.min = min;
            this.max = max;
        }

        Duration of(long amount) {
            return Duration.of(amount, unit);
        }

        long amount(Duration d) {
            return d.dividedBy(unit.getDuration());
        }
    }

    public enum Kind {
        ABOVE("above", Threshold.CELSIUS, Span.DELAY),
        BELOW("below", Threshold.CELSIUS, Span.DELAY),
        CUMULATIVE_ABOVE("cumulative_above", Threshold.CELSIUS, Span.BUDGET),
        CUMULATIVE_BELOW("cumulative_below", Threshold.CELSIUS, Span.BUDGET),
        HUMIDITY_ABOVE("humidity_above", Threshold.RELATIVE_HUMIDITY, Span.DELAY),
        DOOR_OPEN("door_open", Threshold.NONE, Span.DELAY),
        NOT_COOLED_WITHIN("not_cooled_within", Threshold.CELSIUS, Span.WITHIN),
        AGE_ABOVE("age_above", Threshold.NONE, Span.MAX_AGE);

        private final String wire;
        private final Threshold threshold;
        private final Span span;

        Kind(String wire, Threshold threshold, Span span) {
            this.wire = wire;
            this.threshold = threshold;
            this.span = span;
        }

        public String wire() {
            return wire;
        }

        public Threshold threshold() {
            return threshold;
        }

        public Span span() {
            return span;
        }

        /** True for the stability-budget kinds, which take a budget instead of a delay. */
        public boolean cumulative() {
            return span == Span.BUDGET;
        }

        /** True for the kinds judged on one sensor's episodes (above, below, humidity_above, door_open). */
        public boolean sensorEpisodes() {
            return span == Span.DELAY;
        }

        /** True for the raw-milk kinds, judged per batch from its {@code produced_at}. */
        public boolean sinceProduced() {
            return this == NOT_COOLED_WITHIN || this == AGE_ABOVE;
        }

        /** True when a reading is out of range by being warmer (or more humid) than the threshold. */
        public boolean upward() {
            return this == ABOVE || this == CUMULATIVE_ABOVE || this == HUMIDITY_ABOVE;
        }

        public static Kind fromWire(String field, String value) {
            for (Kind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw invalid(field + " must be one of " + names() + " (got " + Ids.describe(value) + ")");
        }

        static String names() {
            return String.join(", ", List.of(values()).stream().map(Kind::wire).toList());
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

    /** A rule that fires after a delay: the per-sensor kinds, or not_cooled_within / age_above. */
    public static Rule timed(Kind kind, double threshold, Duration delay, Severity severity) {
        return new Rule(kind, threshold, delay, null, severity);
    }

    /** A cumulative (stability-budget) rule. */
    public static Rule cumulative(Kind kind, double thresholdC, Duration budget, Severity severity) {
        return new Rule(kind, thresholdC, null, budget, severity);
    }

    /** The rule's duration, whichever field carries it (delay, budget, within, max age). */
    public Duration span() {
        return kind.cumulative() ? budget : delay;
    }

    /** The pre-§8 wire form (threshold_c, delay_min, budget_min); see {@link #fromWire(String, RuleWire)}. */
    public static Rule fromWire(
            String at, String kind, Double thresholdC, Long delayMin, Long budgetMin, String severity) {
        return fromWire(at, new RuleWire(kind, thresholdC, null, delayMin, budgetMin, null, null, severity));
    }

    /**
     * Builds a rule from the contract's JSON fields (null = absent), naming every field under
     * {@code at}, e.g. {@code rules[2]}: a field the kind does not take is refused, not ignored.
     */
    public static Rule fromWire(String at, RuleWire w) {
        if (w.kind() == null) {
            throw invalid(at + ".kind is required (" + Kind.names() + ")");
        }
        Kind k = Kind.fromWire(at + ".kind", w.kind());
        Severity s = w.severity() == null ? null : Severity.fromWire(at + ".severity", w.severity());
        for (Threshold t : Threshold.values()) {
            if (t.field != null && t != k.threshold && w.threshold(t.field) != null) {
                throw invalid(at + "." + t.field + " is not allowed for kind " + k.wire()
                        + (k.threshold.field == null ? " (it has no threshold)" : " (use " + k.threshold.field + ")"));
            }
        }
        Double threshold = k.threshold.field == null ? Double.valueOf(0) : w.threshold(k.threshold.field);
        if (threshold == null) {
            throw invalid(at + "." + k.threshold.field + " is required");
        }
        for (Span sp : Span.values()) {
            if (sp != k.span && w.span(sp.field) != null) {
                throw invalid(
                        at + "." + sp.field + " is not allowed for kind " + k.wire() + " (use " + k.span.field + ")");
            }
        }
        Long amount = w.span(k.span.field);
        if (amount == null) {
            throw invalid(at + "." + k.span.field + " is required for kind " + k.wire());
        }
        // Range-check the raw amount first: Duration.ofMinutes(Long.MAX_VALUE) would throw an
        // ArithmeticException, a 500 for what is the client's mistake.
        if (amount < k.span.min || amount > k.span.max) {
            throw invalid(at + "." + k.span.field + " must be " + k.span.min + ".." + k.span.max);
        }
        Duration d = k.span.of(amount);
        Duration delay = k.cumulative() ? null : d;
        Duration budget = k.cumulative() ? d : null;
        check(at, k, threshold, delay, budget, s);
        return new Rule(k, threshold, delay, budget, s);
    }

    /** The contract's JSON fields of this rule: exactly those of its kind. */
    public RuleWire toWire() {
        long amount = kind.span.amount(span());
        Double c = kind.threshold == Threshold.CELSIUS ? thresholdC : null;
        Double rh = kind.threshold == Threshold.RELATIVE_HUMIDITY ? thresholdC : null;
        return new RuleWire(
                kind.wire(),
                c,
                rh,
                kind.span == Span.DELAY ? amount : null,
                kind.span == Span.BUDGET ? amount : null,
                kind.span == Span.WITHIN ? amount : null,
                kind.span == Span.MAX_AGE ? amount : null,
                severity.wire());
    }

    private static void check(
            String at, Kind kind, double threshold, Duration delay, Duration budget, Severity severity) {
        if (kind == null) {
            throw invalid(at + ".kind is required (" + Kind.names() + ")");
        }
        if (severity == null) {
            throw invalid(at + ".severity is required (warning, critical)");
        }
        Threshold t = kind.threshold;
        if (t == Threshold.NONE) {
            if (threshold != 0) {
                throw invalid(at + " of kind " + kind.wire() + " has no threshold");
            }
        } else if (!Double.isFinite(threshold) || threshold < t.min || threshold > t.max) {
            throw invalid(at + "." + t.field + " must be a finite number in " + bound(t.min) + ".." + bound(t.max));
        }
        Span sp = kind.span;
        String unused = kind.cumulative() ? DELAY_MIN : BUDGET_MIN;
        if ((kind.cumulative() ? delay : budget) != null) {
            throw invalid(at + "." + unused + " is not allowed for kind " + kind.wire() + " (use " + sp.field + ")");
        }
        Duration value = kind.cumulative() ? budget : delay;
        if (value == null) {
            throw invalid(at + "." + sp.field + " is required for kind " + kind.wire());
        }
        if (value.compareTo(sp.of(sp.min)) < 0 || value.compareTo(sp.of(sp.max)) > 0) {
            throw invalid(at + "." + sp.field + " must be " + sp.min + ".." + sp.max);
        }
        if (!value.equals(sp.of(sp.amount(value)))) {
            throw invalid(at + "." + sp.field + " must be a whole number of "
                    + sp.unit.toString().toLowerCase());
        }
    }

    private static String bound(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static ColdchainException invalid(String detail) {
        return ColdchainException.badRequest(ERROR, detail);
    }
}
