package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.AlertReconciler;
import io.coldchain.alerting.rules.AlertReconciler.Change;
import io.coldchain.alerting.rules.AlertReconciler.KnownAlert;
import io.coldchain.alerting.rules.Episode;
import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.registry.attribution.Segment;
import io.coldchain.registry.attribution.Stay;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a sensor's stored alerts of one rule in line with the episodes the rule fired: the
 * reconciler decides (open, update, merge, retract), this class writes each change and its
 * notification event in the caller's transaction.
 */
final class EpisodeApplier {
    /** Builds the alert for a fired episode, given the segment it started in. */
    @FunctionalInterface
    interface AlertFactory {
        NewAlert create(Episode episode, Segment where);
    }

    private final AlertStore alerts;
    private final EpisodeStore episodes;
    private final AlertEvents events;
    private final BatchJourney journey;

    EpisodeApplier(AlertStore alerts, EpisodeStore episodes, AlertEvents events, BatchJourney journey) {
        this.alerts = alerts;
        this.episodes = episodes;
        this.events = events;
        this.journey = journey;
    }

    Outcome apply(SensorWindow w, String ruleKey, List<Episode> fired, AlertFactory factory) throws SQLException {
        List<AlertRecord> mine =
                w.stored().stream().filter(a -> a.ruleKey().equals(ruleKey)).toList();
        List<KnownAlert> known = new ArrayList<>();
        for (AlertRecord a : mine) {
            // The whole stored episode, so that re-evaluating unchanged readings changes nothing.
            known.add(new KnownAlert(
                    a.id(),
                    a.startedAt(),
                    a.endedAt(),
                    a.peak() == null ? 0.0 : a.peak(),
                    a.peakAt() == null ? a.startedAt() : a.peakAt(),
                    a.lastOutAt(),
                    a.firedAt()));
        }
        int opened = 0;
        int changed = 0;
        for (Change ch : AlertReconciler.reconcile(known, fired)) {
            if (ch instanceof AlertReconciler.Open o) {
                open(w, ruleKey, o.episode(), factory);
                opened++;
            } else if (ch instanceof AlertReconciler.Update u) {
                AlertRecord before =
                        mine.stream().filter(a -> a.id() == u.id()).findFirst().orElseThrow();
                update(w, before, u.episode());
                changed++;
            } else if (ch instanceof AlertReconciler.Merge m) {
                events.append(w.c(), AlertJson.event(episodes.merge(w.c(), m.into(), m.absorbed()), "merged"));
                changed++;
            } else if (ch instanceof AlertReconciler.Retract r) {
                events.append(
                        w.c(),
                        AlertJson.event(
                                episodes.retract(
                                        w.c(), r.id(), "later readings show no episode that lasted the rule's delay"),
                                "retracted"));
                changed++;
            }
        }
        return new Outcome(opened, changed);
    }

    private void open(SensorWindow w, String ruleKey, Episode ep, AlertFactory factory) throws SQLException {
        Segment where = w.segmentAt(ep.start());
        NewAlert proto = factory.create(ep, where);
        NewAlert a = new NewAlert(
                w.tenant(),
                ruleKey,
                proto.kind(),
                proto.severity(),
                proto.threshold(),
                proto.delayMin(),
                proto.budgetMin(),
                proto.profiles(),
                w.sensorId(),
                w.sensor(),
                proto.asset(),
                proto.site(),
                null,
                ep.start(),
                ep.end(),
                ep.lastOut(),
                ep.firedAt(),
                proto.peak(),
                proto.peakAt(),
                null,
                journey.withExposure(w, proto.kind(), proto.threshold(), batchesDuring(w.segments(), ep)));
        AlertRecord r = alerts.open(w.c(), a);
        events.append(w.c(), AlertJson.event(r, "opened"));
        if (r.endedAt() != null) {
            events.append(w.c(), AlertJson.event(r, "ended"));
        }
    }

    private void update(SensorWindow w, AlertRecord before, Episode ep) throws SQLException {
        AlertRecord r = episodes.updateEpisode(
                w.c(),
                before.id(),
                ep.start(),
                ep.end(),
                ep.lastOut(),
                ep.firedAt(),
                Double.isNaN(ep.peakC()) ? null : ep.peakC(),
                ep.peakAt(),
                null,
                batchesDuring(w.segments(), ep));
        if (before.endedAt() == null && r.endedAt() != null) {
            // The episode is over: the batches' exposure as it stands now goes with the "ended" event.
            for (AlertBatch b : journey.withExposure(w, r.kind(), r.threshold(), r.batches())) {
                episodes.setBatchExposure(w.c(), r.id(), b.lot(), b.exposureS());
            }
            events.append(
                    w.c(), AlertJson.event(alerts.get(w.c(), w.tenant(), r.id()).orElseThrow(), "ended"));
        }
    }

    /** The batches present on the sensor's asset at any time during the episode. */
    private static List<AlertBatch> batchesDuring(List<Segment> segments, Episode ep) {
        Instant until = (ep.end() != null ? ep.end() : ep.lastOut()).plusNanos(1);
        Map<String, AlertBatch> out = new LinkedHashMap<>();
        for (Segment seg : segments) {
            boolean overlaps =
                    seg.from().isBefore(until) && (seg.to() == null || seg.to().isAfter(ep.start()));
            if (!overlaps) {
                continue;
            }
            for (Stay b : seg.batches()) {
                out.putIfAbsent(b.lot(), BatchJourney.named(b, null));
            }
        }
        return List.copyOf(out.values());
    }
}
