package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Instant;
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
     * {@code not_cooled_within}: judged on the state AT the deadline {@code producedAt + within}. The
     * batch is cooled in time when it was on an asset at the deadline (the stay covering it, or the
     * last one before it) and every probe of that asset read at or below the threshold at its last
     * reading in {@code (producedAt, deadline]} during that stay. A probe with no such reading, or no
     * probe at all, shows nothing: not cooled. Not due while event time is before the deadline.
     *
     * <p>Why the deadline and not "some moment in the window": a pre-cooled bulk tank reads cold at
     * milking time, before the warm milk raises it, and the first of several probes to report may be
     * the coldest one; neither says the milk was cooled. The reading at {@code producedAt} itself is
     * excluded for the same reason. Last-before-the-deadline is order-independent, so a backlog
     * arriving backwards ends with the verdict of in-order delivery.
     *
     * @param legs the batch's stays, sorted by start, with their probes' samples (the part inside each
     *     leg counts)
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
        CumulativeExposure.Leg atDeadline = null;
        for (CumulativeExposure.Leg leg : legs) {
            if (!leg.from().isAfter(deadline)) {
                atDeadline = leg; // the last stay begun by the deadline carries the batch then
            }
            for (List<Sample> probe : leg.probes()) {
                for (Sample x : probe) {
                    // The peak reports the whole cooling window, milking time included.
                    boolean inWindow = inLeg(leg, x.ts()) && !x.ts().isBefore(producedAt) && !x.ts().isAfter(deadline);
                    if (inWindow && (Double.isNaN(peak) || x.tempC() > peak)) {
                        peak = x.tempC();
                        peakAt = x.ts();
                    }
                }
            }
        }
        if (atDeadline != null && cooledAt(atDeadline, producedAt, deadline, rule.thresholdC())) {
            return Verdict.KEPT;
        }
        return Verdict.broken(new Breach(producedAt, deadline, peak, peakAt == null ? deadline : peakAt));
    }

    /** Whether every probe of the leg has a last reading in {@code (producedAt, deadline]} at or below the threshold. */
    private static boolean cooledAt(
            CumulativeExposure.Leg leg, Instant producedAt, Instant deadline, double threshold) {
        if (leg.probes().isEmpty()) {
            return false;
        }
        for (List<Sample> probe : leg.probes()) {
            Sample last = null;
            for (Sample x : probe) {
                boolean counts = inLeg(leg, x.ts()) && x.ts().isAfter(producedAt) && !x.ts().isAfter(deadline);
                // Latest wins; two values at one instant: the warmer, so the order of arrival cannot matter.
                if (counts
                        && (last == null
                                || x.ts().isAfter(last.ts())
                                || (x.ts().equals(last.ts()) && x.tempC() > last.tempC()))) {
                    last = x;
                }
            }
            if (last == null || last.tempC() > threshold) {
                return false;
            }
        }
        return true;
    }

    private static boolean inLeg(CumulativeExposure.Leg leg, Instant t) {
        return !t.isBefore(leg.from()) && (leg.to() == null || t.isBefore(leg.to()));
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
}
