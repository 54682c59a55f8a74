package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The raw-milk rules, judged per batch and counted from its {@code produced_at} (the milking):
 * {@code not_cooled_within} and {@code age_above}. Pure functions, in event time.
 *
 * <p>Event time goes on with the readings: {@code seenUntil} is the latest event time of a reading
 * of a sensor that carried the batch, as far as the caller knows. A rule is judged only once that
 * time has passed its deadline, so a backlog replayed backwards, or a simulation running faster than
 * the wall clock, gives what in-order delivery would have given. The wall clock is deliberately not
 * used: a replayed backlog would make every old batch look overdue at once.
 */
public final class SinceProduced {
    private SinceProduced() {}

    /**
     * A batch that broke the rule: since {@code start} (its production), due at {@code firedAt}; the
     * warmest reading in the cooling window for {@code not_cooled_within} (NaN when none).
     */
    public record Breach(Instant start, Instant firedAt, double peakC, Instant peakAt) {}

    /**
     * What the data say so far: not yet due (event time has not reached the deadline, nothing may be
     * decided, an alert raised stays), kept ({@code breach} null), or broken.
     */
    public record Verdict(boolean due, Breach breach) {
        public static final Verdict NOT_DUE = new Verdict(false, null);
        public static final Verdict KEPT = new Verdict(true, null);

        public static Verdict broken(Breach b) {
            return new Verdict(true, Objects.requireNonNull(b, "breach"));
        }

        public boolean broken() {
            return breach != null;
        }
    }

    /**
     * {@code not_cooled_within}: the batch is cooled in time when, at some event time in
     * {@code [producedAt, producedAt + within]}, every probe of the asset carrying it that has reported
     * during that stay last read at or below the threshold. Empty while event time has not passed the
     * deadline; a breach when it has and no such moment exists, also when there is no reading at all
     * in the window (nothing shows that the milk was cooled).
     *
     * @param legs the batch's stays with their probes' samples (the part inside each leg counts)
     */
    public static Verdict notCooledWithin(
            Rule rule, Instant producedAt, List<CumulativeExposure.Leg> legs, Instant seenUntil) {
        Objects.requireNonNull(producedAt, "producedAt");
        if (rule.kind() != Rule.Kind.NOT_COOLED_WITHIN) {
            throw new IllegalArgumentException(
                    "not a not_cooled_within rule: " + rule.kind().wire());
        }
        Instant deadline = producedAt.plus(rule.delay());
        if (seenUntil == null || seenUntil.isBefore(deadline)) {
            return Verdict.NOT_DUE;
        }
        double peak = Double.NaN;
        Instant peakAt = null;
        for (CumulativeExposure.Leg leg : legs) {
            Instant from = leg.from().isAfter(producedAt) ? leg.from() : producedAt;
            List<Probed> events = new ArrayList<>();
            for (int p = 0; p < leg.probes().size(); p++) {
                for (Sample x : Samples.inEventOrder(leg.probes().get(p))) {
                    boolean inLeg = !x.ts().isBefore(from) && (leg.to() == null || x.ts().isBefore(leg.to()));
                    if (inLeg && !x.ts().isAfter(deadline)) {
                        events.add(new Probed(p, x));
                    }
                }
            }
            events.sort(Comparator.comparing(e -> e.sample().ts()));
            Double[] last = new Double[leg.probes().size()];
            for (Probed e : events) {
                Sample x = e.sample();
                last[e.probe()] = x.tempC();
                if (Double.isNaN(peak) || x.tempC() > peak) {
                    peak = x.tempC();
                    peakAt = x.ts();
                }
                if (allAtOrBelow(last, rule.thresholdC())) {
                    return Verdict.KEPT; // cooled in time
                }
            }
        }
        return Verdict.broken(new Breach(producedAt, deadline, peak, peakAt == null ? deadline : peakAt));
    }

    /**
     * {@code age_above}: the batch was not at a plant (delivered by a shipment to a site of kind
     * {@code plant}, or placed there) by {@code producedAt + maxAge}. Strictly more than the age is a
     * breach: delivered at exactly 48 h is in time. Once the delivery is known it decides alone;
     * before it, a breach once event time has passed the deadline.
     *
     * @param atPlant when the batch first reached a plant, null while it has not (as far as recorded)
     */
    public static Verdict ageAbove(Rule rule, Instant producedAt, Instant atPlant, Instant seenUntil) {
        Objects.requireNonNull(producedAt, "producedAt");
        if (rule.kind() != Rule.Kind.AGE_ABOVE) {
            throw new IllegalArgumentException(
                    "not an age_above rule: " + rule.kind().wire());
        }
        Instant deadline = producedAt.plus(rule.delay());
        if (atPlant != null) {
            return atPlant.isAfter(deadline)
                    ? Verdict.broken(new Breach(producedAt, deadline, Double.NaN, deadline))
                    : Verdict.KEPT;
        }
        if (seenUntil == null || !seenUntil.isAfter(deadline)) {
            return Verdict.NOT_DUE;
        }
        return Verdict.broken(new Breach(producedAt, deadline, Double.NaN, deadline));
    }

    /** A sample and the index of the probe that took it. */
    private record Probed(int probe, Sample sample) {}

    private static boolean allAtOrBelow(Double[] last, double threshold) {
        for (Double v : last) {
            if (v != null && v > threshold) {
                return false;
            }
        }
        return true;
    }
}
