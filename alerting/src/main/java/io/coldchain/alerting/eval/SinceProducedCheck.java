package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.CumulativeExposure;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.rules.SinceProduced;
import io.coldchain.alerting.rules.SinceProduced.Breach;
import io.coldchain.alerting.rules.SinceProduced.Verdict;
import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.BatchMilestones;
import io.coldchain.registry.attribution.BatchMilestones.Milestones;
import io.coldchain.registry.attribution.Segment;
import io.coldchain.registry.attribution.Stay;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The raw-milk rules ({@code not_cooled_within}, {@code age_above}) of the batches present while
 * the sensor's readings changed: one alert per batch and rule, opened when the rule is broken,
 * retracted when later data (late readings, a delivery recorded afterwards) show it was kept.
 *
 * <p>Event time for these rules is the latest reading of this sensor, in the evaluated window, taken
 * while the batch was on its asset: every sensor that carries the batch is evaluated on each of its
 * readings, so the batch's age passes its limit with the first reading after it even when the
 * temperature is fine. The wall clock is not used (see {@link SinceProduced}).
 */
final class SinceProducedCheck {
    private final AlertStore alerts;
    private final EpisodeStore episodes;
    private final AlertEvents events;
    private final BatchJourney journey;
    private final BatchMilestones milestones = new BatchMilestones();

    SinceProducedCheck(AlertStore alerts, EpisodeStore episodes, AlertEvents events, BatchJourney journey) {
        this.alerts = alerts;
        this.episodes = episodes;
        this.events = events;
        this.journey = journey;
    }

    Outcome evaluate(SensorWindow w, PresentBatches present, List<Sample> samples) throws SQLException {
        Outcome out = Outcome.NONE;
        for (Stay batch : present.lots().values()) {
            Profile product = present.profiles().get(batch.productProfile());
            if (product == null
                    || product.rules().stream().noneMatch(r -> r.kind().sinceProduced())) {
                continue;
            }
            Optional<Milestones> m = milestones.of(w.c(), w.tenant(), batch.lot());
            if (m.isEmpty()) {
                continue;
            }
            Instant seen = seenUntil(w.segments(), samples, batch.lot());
            for (Rule rule : product.rules()) {
                if (rule.kind().sinceProduced()) {
                    out = out.plus(apply(w, product, batch, rule, verdict(w, batch, rule, m.get(), seen)));
                }
            }
        }
        return out;
    }

    private Verdict verdict(SensorWindow w, Stay batch, Rule rule, Milestones m, Instant seen) throws SQLException {
        if (rule.kind() == Rule.Kind.AGE_ABOVE) {
            return SinceProduced.ageAbove(rule, m.producedAt(), m.atPlant(), seen);
        }
        Instant deadline = m.producedAt().plus(rule.delay());
        if (seen == null || seen.isBefore(deadline)) {
            return Verdict.NOT_DUE; // not due: spare the journey's readings
        }
        List<CumulativeExposure.Leg> legs = journey.legs(w.c(), w.tenant(), batch.lot(), m.producedAt(), deadline);
        return SinceProduced.notCooledWithin(rule, m.producedAt(), legs, seen);
    }

    private Outcome apply(SensorWindow w, Profile product, Stay batch, Rule rule, Verdict v) throws SQLException {
        if (!v.due()) {
            return Outcome.NONE;
        }
        String key = RuleKey.of(rule);
        Optional<AlertRecord> existing = episodes.batchAlert(w.c(), w.tenant(), batch.lot(), key);
        if (existing.isPresent() && !v.broken()) {
            AlertRecord r = episodes.retract(w.c(), existing.get().id(), "later data show the batch kept the rule");
            events.append(w.c(), AlertJson.event(r, "retracted"));
            return new Outcome(0, 1);
        }
        if (existing.isPresent() || !v.broken()) {
            return Outcome.NONE; // one alert per batch and rule, raised once
        }
        Breach b = v.breach();
        // The batch's own stay when the rule fell due, not this sensor's asset: the batch may have been
        // elsewhere then (still at the farm while this tanker's readings made the rule due).
        Stay where = journey.stayAt(w.c(), w.tenant(), batch.lot(), b.firedAt()).orElse(batch);
        boolean measured = !Double.isNaN(b.peakC());
        NewAlert a = new NewAlert(
                w.tenant(),
                key,
                rule.kind().wire(),
                rule.severity().wire(),
                rule.kind().threshold() == Rule.Threshold.NONE ? null : rule.thresholdC(),
                (int) rule.delay().toMinutes(),
                null,
                List.of(product.id()),
                null,
                null,
                where.asset(),
                where.site(),
                batch.lot(),
                b.start(),
                null,
                b.firedAt(),
                b.firedAt(),
                measured ? b.peakC() : null,
                measured ? b.peakAt() : null,
                null,
                List.of(BatchJourney.named(batch, null)));
        AlertRecord r = alerts.open(w.c(), a);
        events.append(w.c(), AlertJson.event(r, "opened"));
        return new Outcome(1, 0);
    }

    /** The latest sample taken while the batch was on the sensor's asset; null when none. */
    private static Instant seenUntil(List<Segment> segments, List<Sample> samples, String lot) {
        Instant seen = null;
        for (Segment seg : segments) {
            if (seg.batches().stream().noneMatch(b -> b.lot().equals(lot))) {
                continue;
            }
            for (Sample s : samples) {
                boolean in = !s.ts().isBefore(seg.from()) && (seg.to() == null || s.ts().isBefore(seg.to()));
                if (in && (seen == null || s.ts().isAfter(seen))) {
                    seen = s.ts();
                }
            }
        }
        return seen;
    }
}
