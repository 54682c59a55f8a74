package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.CumulativeExposure;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.Segment;
import io.coldchain.registry.attribution.Stay;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Cumulative (stability-budget) rules of the batches present while the readings changed: each
 * batch's time beyond the threshold over its whole journey, every asset it passed through.
 */
final class BudgetCheck {
    private final AlertStore alerts;
    private final EpisodeStore episodes;
    private final AlertEvents events;
    private final BatchJourney journey;

    BudgetCheck(AlertStore alerts, EpisodeStore episodes, AlertEvents events, BatchJourney journey) {
        this.alerts = alerts;
        this.episodes = episodes;
        this.events = events;
        this.journey = journey;
    }

    /** Whether a reading counts against a cumulative rule's budget: beyond its threshold. */
    static boolean addsExposure(Rule rule, Sample x) {
        return rule.kind().upward() ? x.tempC() > rule.thresholdC() : x.tempC() < rule.thresholdC();
    }

    Outcome evaluate(SensorWindow w, PresentBatches present, List<Sample> changed) throws SQLException {
        int opened = 0;
        for (Stay batch : present.lots().values()) {
            Profile product = present.profiles().get(batch.productProfile());
            if (product == null) {
                continue;
            }
            for (Rule rule : product.rules()) {
                if (!rule.kind().cumulative()) {
                    continue;
                }
                if (changed.stream().noneMatch(x -> addsExposure(rule, x))) {
                    // Only readings beyond the threshold add exposure: readings within it can only shorten
                    // what earlier ones stood for, so the budget cannot have been crossed by this change.
                    continue;
                }
                String key = RuleKey.of(rule);
                Optional<AlertRecord> existing = episodes.batchAlert(w.c(), w.tenant(), batch.lot(), key);
                CumulativeExposure.Result result = journey.exposure(w.c(), w.tenant(), batch.lot(), rule, w.now());
                if (existing.isPresent()) {
                    AlertRecord a = existing.get();
                    episodes.updateExposure(
                            w.c(),
                            a.id(),
                            result.exposure().toSeconds(),
                            w.now(),
                            Double.isNaN(result.peakC()) ? null : result.peakC(),
                            null);
                } else if (result.budgetReachedAt() != null) {
                    Segment where = w.segmentAt(result.budgetReachedAt());
                    NewAlert a = new NewAlert(
                            w.tenant(),
                            key,
                            rule.kind().wire(),
                            rule.severity().wire(),
                            rule.thresholdC(),
                            null,
                            (int) rule.budget().toMinutes(),
                            List.of(product.id()),
                            null,
                            null,
                            where == null ? batch.asset() : where.asset(),
                            where == null ? batch.site() : where.site(),
                            batch.lot(),
                            result.firstOut(),
                            null,
                            result.budgetReachedAt(),
                            result.budgetReachedAt(),
                            Double.isNaN(result.peakC()) ? null : result.peakC(),
                            null,
                            result.exposure().toSeconds(),
                            List.of(BatchJourney.named(batch, result.exposure().toSeconds())));
                    AlertRecord r = alerts.open(w.c(), a);
                    events.append(w.c(), AlertJson.event(r, "opened"));
                    opened++;
                }
            }
        }
        return new Outcome(opened, 0);
    }
}
