package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.Episode;
import io.coldchain.alerting.rules.EpisodeOptions;
import io.coldchain.alerting.rules.ExcursionEvaluator;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.db.AdvisoryLocks;
import io.coldchain.core.model.Reading;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.core.readings.ReadingQueryStore.SensorName;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Segment;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-evaluates one sensor over an event-time range that changed, inside the caller's transaction,
 * and brings its stored alerts in line: the glue between the stores and the pure rules.
 *
 * <p>The rules see the stored readings of a window around the change (the configured lookback,
 * widened to the longest delay that applies and to every stored alert it overlaps), so what they
 * decide depends only on the stored readings, never on the order they arrived in. A per-sensor
 * advisory lock, taken by the caller, keeps two instances from evaluating one sensor at once.
 *
 * <p>The rule families each have their class: per-sensor episodes through {@link EpisodeApplier},
 * data gaps ({@link GapCheck}), stability budgets of the batches present ({@link BudgetCheck}), the
 * raw-milk rules of the batches present ({@link SinceProducedCheck}).
 */
final class SensorEvaluator {
    /** The advisory lock space of the per-sensor evaluation locks (any fixed number no one else uses). */
    private static final int SENSOR_LOCKS = 20251129;

    private final AlertingOptions options;
    private final EpisodeOptions episodeOptions;
    private final AttributionStore attribution;
    private final ReadingQueryStore readings;
    private final EpisodeStore episodes;
    private final AlertEvents events;
    private final EpisodeApplier applier;
    private final GapCheck gaps;
    private final BudgetCheck budgets;
    private final SinceProducedCheck sinceProduced;
    private final QuietPath quiet;
    private final TemperatureBands bands;

    SensorEvaluator(
            AlertingOptions options,
            AttributionStore attribution,
            ReadingQueryStore readings,
            AlertStore alerts,
            AlertEvents events,
            TemperatureBands bands) {
        this.bands = bands;
        this.options = options;
        this.episodeOptions = new EpisodeOptions(options.hysteresisC(), options.clear());
        this.attribution = attribution;
        this.readings = readings;
        this.episodes = new EpisodeStore();
        this.events = events;
        AllowedSilence silence = new AllowedSilence(options);
        BatchJourney journey = new BatchJourney(attribution, readings, silence);
        this.applier = new EpisodeApplier(alerts, episodes, events, journey);
        this.gaps = new GapCheck(options, attribution, readings, silence, applier);
        this.budgets = new BudgetCheck(alerts, episodes, events, journey);
        this.sinceProduced = new SinceProducedCheck(alerts, episodes, events, journey);
        this.quiet = new QuietPath(options, attribution, readings, gaps, bands);
    }

    /**
     * Whether readings of {@code [from, to]} appended to a quiet sensor change no alert: then they
     * need no {@link #evaluate} (see {@link QuietPath}). The caller holds the sensor's lock.
     */
    boolean passQuiet(Connection c, int sensorId, Instant from, Instant to, Instant now) throws SQLException {
        return quiet.pass(c, sensorId, from, to, now);
    }

    /** {@link QuietPath#passAll}: the chunk's quiet sensors whose attribution is known, in a few statements. */
    QuietPath.Passed passQuietAll(Connection c, List<Change> chunk, Instant now) throws SQLException {
        return quiet.passAll(c, chunk, now);
    }

    AlertEvents events() {
        return events;
    }

    /** Takes the per-sensor locks of {@code sensorIds}, sorted, in one statement; held until the transaction ends. */
    static void lockSensors(Connection c, int[] sensorIds) throws SQLException {
        int[] sorted = sensorIds.clone();
        Arrays.sort(sorted); // one order for every locker: no two can wait on each other in a cycle
        AdvisoryLocks.lockAllForTransaction(c, SENSOR_LOCKS, sorted);
    }

    Outcome evaluate(Connection c, int sensorId, Instant changedFrom, Instant changedTo, Instant now)
            throws SQLException {
        Optional<SensorName> name = readings.sensorName(c, sensorId);
        if (name.isEmpty()) {
            return Outcome.NONE;
        }
        String tenant = name.get().tenant();
        String sensor = name.get().sensor();
        // Read before the attribution below, for the quiet path's memory of it (see QuietPath.Known).
        long epoch = attribution.epochs(c, List.of(tenant)).get(tenant);

        Instant from = changedFrom.minus(options.lookback());
        Instant to = changedTo.plus(options.lookback());
        List<Segment> segments = attribution.segments(c, tenant, sensor, from, to);
        // The limits of where its newest change lies, to guess its next batches by (Lookahead).
        bands.learn(sensorId, segments.isEmpty() ? null : segments.get(segments.size() - 1));
        if (segments.isEmpty()) {
            return Outcome.NONE; // unassigned: no asset, no rules; registering it queues its history
        }
        Duration longest = RuleSpans.longestDelay(segments).plus(options.clear());
        if (longest.compareTo(options.lookback()) > 0) {
            from = changedFrom.minus(longest);
            to = changedTo.plus(longest);
        }
        // Widen the window to every stored alert it touches, again until it stops moving: an alert of
        // one rule can pull the window back onto an older alert of another rule, which must then be
        // reconciled too, or its episode would be opened a second time.
        Instant segmentsFrom = from;
        Instant segmentsTo = to;
        List<AlertRecord> stored = episodes.overlapping(c, sensorId, from, to);
        while (true) {
            Instant widenedFrom = from;
            Instant widenedTo = to;
            for (AlertRecord a : stored) {
                widenedFrom = min(widenedFrom, a.startedAt());
                Instant end = a.endedAt() != null ? a.endedAt() : a.lastOutAt();
                // One microsecond on (the database's resolution): a nanosecond would be rounded away in the
                // queries below, leaving the alert's last reading out of the window.
                widenedTo = max(widenedTo, end.plus(1, ChronoUnit.MICROS));
            }
            if (widenedFrom.equals(from) && widenedTo.equals(to)) {
                break;
            }
            from = widenedFrom;
            to = widenedTo;
            stored = episodes.overlapping(c, sensorId, from, to);
        }
        if (!from.equals(segmentsFrom) || !to.equals(segmentsTo)) {
            segments = attribution.segments(c, tenant, sensor, from, to);
        }
        Map<Instant, Instant> receivedAt = new HashMap<>();
        List<Sample> samples = samples(c, tenant, sensor, from, to, receivedAt);

        SensorWindow w = new SensorWindow(c, tenant, sensorId, sensor, segments, stored, now, receivedAt);
        Instant last =
                samples.isEmpty() ? null : samples.get(samples.size() - 1).ts();
        List<Episode> all = new ArrayList<>(); // every episode, fired or not: is the sensor quiet at the end?
        Outcome out = Outcome.NONE;
        for (RuleSpans rs : RuleSpans.of(segments).values()) {
            List<Episode> fired = new ArrayList<>();
            for (Instant[] span : rs.spans) {
                for (Episode e :
                        ExcursionEvaluator.episodes(rs.rule, episodeOptions, within(samples, span[0], span[1]))) {
                    all.add(e);
                    if (e.fired()) {
                        fired.add(e);
                    }
                }
            }
            out = out.plus(applier.apply(w, RuleKey.of(rs.rule), fired, newAlert(rs.rule, List.copyOf(rs.profiles))));
        }
        out = out.plus(lowBattery(w, samples, all));
        GapCheck.Result gap = gaps.evaluate(w, samples);
        out = out.plus(gap.outcome());
        PresentBatches present = PresentBatches.during(segments, changedFrom, changedTo);
        out = out.plus(budgets.evaluate(w, present, within(samples, changedFrom, changedTo.plusNanos(1))));
        out = out.plus(sinceProduced.evaluate(w, present, samples));
        quiet.afterEvaluation(
                w, samples, last != null && all.stream().allMatch(QuietPath::settled), gap, epoch, changedTo);
        return out;
    }

    private Outcome lowBattery(SensorWindow w, List<Sample> samples, List<Episode> all) throws SQLException {
        if (options.batteryLowV() <= 0) {
            return Outcome.NONE;
        }
        List<Episode> episodes =
                ExcursionEvaluator.lowBattery(options.batteryLowV(), options.batteryDelay(), episodeOptions, samples);
        all.addAll(episodes);
        List<Episode> fired = episodes.stream().filter(Episode::fired).toList();
        return applier.apply(
                w,
                RuleKey.BATTERY,
                fired,
                (ep, where) -> new NewAlert(
                        w.tenant(),
                        RuleKey.BATTERY,
                        "battery",
                        "warning",
                        options.batteryLowV(),
                        (int) options.batteryDelay().toMinutes(),
                        null,
                        List.of(),
                        w.sensorId(),
                        w.sensor(),
                        where.asset(),
                        where.site(),
                        null,
                        ep.start(),
                        ep.end(),
                        ep.lastOut(),
                        ep.firedAt(),
                        ep.peakC(),
                        ep.peakAt(),
                        null,
                        List.of()));
    }

    /**
     * The alert of a per-sensor rule. door_open has no threshold; its peak is 1 (open), stored as the
     * episode gives it so that re-evaluating the same readings finds the alert unchanged.
     */
    private static EpisodeApplier.AlertFactory newAlert(Rule rule, List<String> profiles) {
        boolean valued = rule.kind().threshold() != Rule.Threshold.NONE;
        return (ep, where) -> new NewAlert(
                null,
                RuleKey.of(rule),
                rule.kind().wire(),
                rule.severity().wire(),
                valued ? rule.thresholdC() : null,
                (int) rule.delay().toMinutes(),
                null,
                profiles,
                null,
                null,
                where.asset(),
                where.site(),
                null,
                ep.start(),
                ep.end(),
                ep.lastOut(),
                ep.firedAt(),
                ep.peakC(),
                ep.peakAt(),
                null,
                List.of());
    }

    /** A stored reading as the rules see it. */
    static Sample sample(Reading r) {
        return new Sample(r.ts(), r.tempC(), r.batteryV(), r.rh(), r.doorOpen());
    }

    private List<Sample> samples(
            Connection c, String tenant, String sensor, Instant from, Instant to, Map<Instant, Instant> receivedAt)
            throws SQLException {
        List<Sample> out = new ArrayList<>();
        for (Reading r : readings.bySensor(c, tenant, sensor, from, to, BatchJourney.MAX_SAMPLES)) {
            out.add(sample(r));
            if (r.receivedAt() != null) {
                receivedAt.put(r.ts(), r.receivedAt());
            }
        }
        return out;
    }

    /** Samples in {@code [from, to)}; {@code samples} is sorted by time. */
    static List<Sample> within(List<Sample> samples, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.ts().isBefore(from) && (to == null || s.ts().isBefore(to))) {
                out.add(s);
            }
        }
        return out;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
