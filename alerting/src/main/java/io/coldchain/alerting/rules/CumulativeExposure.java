package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Cumulative time beyond a threshold (stability budget) for one batch over its whole journey.
 */
public final class CumulativeExposure {
    private CumulativeExposure() {}

    /**
     * One stay of the batch on one asset, half-open {@code [from, to)}; {@code to} null while it is
     * still there. {@code probes}: the samples of each sensor of that asset (any order, any span:
     * only the part inside the leg counts).
     */
    public record Leg(String asset, Instant from, Instant to, List<List<Sample>> probes, Duration maxStep) {
        public Leg {
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(from, "from");
            probes = List.copyOf(probes);
            if (maxStep != null && (maxStep.isZero() || maxStep.isNegative())) {
                throw new IllegalArgumentException("maxStep must be positive");
            }
        }

        /** A leg whose samples stand until the next one however far it is (no cap). */
        public Leg(String asset, Instant from, Instant to, List<List<Sample>> probes) {
            this(asset, from, to, probes, null);
        }
    }

    /**
     * @param exposure total time beyond the threshold across all legs
     * @param perLeg the same, per leg, in the order given
     * @param firstOut the first instant counted as beyond the threshold: the event time of the first
     *     such sample, or the start of its leg when that sample was taken before the leg began and
     *     stands into it; null when never beyond
     * @param budgetReachedAt event time at which the running total reached the rule's budget, or null
     * @param peakC the furthest value beyond the threshold among the samples that count (NaN when
     *     never beyond)
     */
    public record Result(
            Duration exposure, List<Duration> perLeg, Instant firstOut, Instant budgetReachedAt, double peakC) {}

    /** A stretch of time counted as beyond the threshold, half-open. */
    private record Span(Instant from, Instant to) {}

    /**
     * Exposure of one batch under one cumulative rule. A sample stands for the time from its
     * {@code ts} to the next sample of the same probe (the last one: to the leg's end, or to
     * {@code now} for an open leg), at most the leg's {@code maxStep} when it has one, clipped to the leg; a leg's time counts as beyond the threshold
     * when any probe of its asset says so (the union, not the sum, of the probes' intervals). Beyond
     * is {@code temp > threshold} ({@code <} for {@code cumulative_below}), without hysteresis:
     * exposure is a measure, not an alarm that could flap. The running total for the budget adds
     * the legs in the order of their start.
     */
    public static Result evaluate(Rule rule, List<Leg> legs, Instant now) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(now, "now");
        if (!rule.kind().cumulative()) {
            throw new IllegalArgumentException("rule " + rule.kind().wire() + " is not cumulative");
        }
        boolean upward = rule.kind().upward();
        double threshold = rule.thresholdC();

        List<Duration> perLeg = new ArrayList<>();
        List<List<Span>> spansPerLeg = new ArrayList<>();
        Duration total = Duration.ZERO;
        Instant firstOut = null;
        double peak = Double.NaN;
        for (Leg leg : legs) {
            Instant legEnd = leg.to() != null ? leg.to() : now;
            List<Span> spans = new ArrayList<>();
            for (List<Sample> probe : leg.probes()) {
                List<Sample> sorted = Samples.inEventOrder(probe);
                for (int i = 0; i < sorted.size(); i++) {
                    Sample s = sorted.get(i);
                    if (!(upward ? s.tempC() > threshold : s.tempC() < threshold)) {
                        continue;
                    }
                    Instant standsUntil =
                            i + 1 < sorted.size() ? sorted.get(i + 1).ts() : legEnd;
                    if (leg.maxStep() != null) {
                        // A sample vouches for the probe's reporting interval, not for a silence after it: a
                        // silence is a data gap (its own alert), and counting it would make the exposure
                        // depend on when the rest of a gateway's backlog arrives.
                        standsUntil = min(standsUntil, s.ts().plus(leg.maxStep()));
                    }
                    Instant from = max(s.ts(), leg.from());
                    Instant to = min(standsUntil, legEnd);
                    if (!from.isBefore(to)) {
                        continue; // outside the leg
                    }
                    spans.add(new Span(from, to));
                    if (Double.isNaN(peak) || (upward ? s.tempC() > peak : s.tempC() < peak)) {
                        peak = s.tempC();
                    }
                }
            }
            List<Span> union = union(spans);
            Duration legExposure = Duration.ZERO;
            for (Span span : union) {
                legExposure = legExposure.plus(Duration.between(span.from(), span.to()));
            }
            if (!union.isEmpty() && (firstOut == null || union.get(0).from().isBefore(firstOut))) {
                firstOut = union.get(0).from();
            }
            perLeg.add(legExposure);
            spansPerLeg.add(union);
            total = total.plus(legExposure);
        }
        return new Result(
                total, List.copyOf(perLeg), firstOut, budgetReachedAt(legs, spansPerLeg, rule.budget()), peak);
    }

    /** The instant the running total, over the legs in time order, reaches {@code budget}. */
    private static Instant budgetReachedAt(List<Leg> legs, List<List<Span>> spansPerLeg, Duration budget) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> legs.get(i).from())); // stable: equal starts keep the given order
        Duration running = Duration.ZERO;
        for (int i : order) {
            for (Span span : spansPerLeg.get(i)) {
                Duration length = Duration.between(span.from(), span.to());
                Duration missing = budget.minus(running);
                if (length.compareTo(missing) >= 0) {
                    return span.from().plus(missing);
                }
                running = running.plus(length);
            }
        }
        return null;
    }

    /** Sorted, non-overlapping cover of the given spans (touching spans are joined). */
    private static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span s : sorted) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !s.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new Span(last.from(), max(last.to(), s.to())));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
