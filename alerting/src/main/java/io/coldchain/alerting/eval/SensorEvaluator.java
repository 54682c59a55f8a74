package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.AlertReconciler;
import io.coldchain.alerting.rules.AlertReconciler.Change;
import io.coldchain.alerting.rules.AlertReconciler.KnownAlert;
import io.coldchain.alerting.rules.CumulativeExposure;
import io.coldchain.alerting.rules.Episode;
import io.coldchain.alerting.rules.EpisodeOptions;
import io.coldchain.alerting.rules.ExcursionEvaluator;
import io.coldchain.alerting.rules.Gap;
import io.coldchain.alerting.rules.GapDetector;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.db.AdvisoryLocks;
import io.coldchain.core.model.Reading;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.core.readings.ReadingQueryStore.Latest;
import io.coldchain.core.readings.ReadingQueryStore.SensorName;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Segment;
import io.coldchain.registry.attribution.Stay;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Re-evaluates one sensor over an event-time range that changed, inside the caller's transaction,
 * and brings its stored alerts in line: the glue between the stores and the pure rules.
 *
 * <p>The rules see the stored readings of a window around the change (the configured lookback,
 * widened to the longest delay that applies and to every stored alert it overlaps), so what they
 * decide depends only on the stored readings, never on the order they arrived in. A per-sensor
 * advisory lock, taken by the caller, keeps two instances from evaluating one sensor at once.
 */
final class SensorEvaluator {
    /** Readings per sensor one evaluation reads at most: 12 h at one per second, far above any probe's rate. */
    private static final int MAX_SAMPLES = 50_000;

    private final AlertingOptions options;
    private final EpisodeOptions episodeOptions;
    private final AttributionStore attribution;
    private final ReadingQueryStore readings;
    private final AlertStore alerts;
    private final AlertEvents events;

    SensorEvaluator(
            AlertingOptions options,
            AttributionStore attribution,
            ReadingQueryStore readings,
            AlertStore alerts,
            AlertEvents events) {
        this.options = options;
        this.episodeOptions = new EpisodeOptions(options.hysteresisC(), options.clear());
        this.attribution = attribution;
        this.readings = readings;
        this.alerts = alerts;
        this.events = events;
    }

    AlertEvents events() {
        return events;
    }

    /** The outcome, for metrics. */
    record Outcome(int opened, int changed) {
        Outcome plus(Outcome o) {
            return new Outcome(opened + o.opened, changed + o.changed);
        }
    }

    /** The advisory lock space of the per-sensor evaluation locks (any fixed number no one else uses). */
    private static final int SENSOR_LOCKS = 20251129;

    /** Takes the per-sensor lock; held until the caller's transaction ends. */
    static void lockSensor(Connection c, int sensorId) throws SQLException {
        AdvisoryLocks.lockForTransaction(c, SENSOR_LOCKS, sensorId);
    }

    Outcome evaluate(Connection c, int sensorId, Instant changedFrom, Instant changedTo, Instant now)
            throws SQLException {
        Optional<SensorName> name = readings.sensorName(c, sensorId);
        if (name.isEmpty()) {
            return new Outcome(0, 0);
        }
        String tenant = name.get().tenant();
        String sensor = name.get().sensor();

        Instant from = changedFrom.minus(options.lookback());
        Instant to = changedTo.plus(options.lookback());
        List<Segment> segments = attribution.segments(c, tenant, sensor, from, to);
        if (segments.isEmpty()) {
            return new Outcome(0, 0); // unassigned: no asset, no rules; registering it queues its history
        }
        Duration longest = longestDelay(segments).plus(options.clear());
        if (longest.compareTo(options.lookback()) > 0) {
            from = changedFrom.minus(longest);
            to = changedTo.plus(longest);
        }
        // Widen the window to every stored alert it touches, again until it stops moving: an alert of
        // one rule can pull the window back onto an older alert of another rule, which must then be
        // reconciled too, or its episode would be opened a second time.
        Instant segmentsFrom = from;
        Instant segmentsTo = to;
        List<AlertRecord> stored = alerts.overlapping(c, sensorId, from, to);
        while (true) {
            Instant widenedFrom = from;
            Instant widenedTo = to;
            for (AlertRecord a : stored) {
                widenedFrom = min(widenedFrom, a.startedAt());
                Instant end = a.endedAt() != null ? a.endedAt() : a.lastOutAt();
                widenedTo = max(widenedTo, end.plusNanos(1));
            }
            if (widenedFrom.equals(from) && widenedTo.equals(to)) {
                break;
            }
            from = widenedFrom;
            to = widenedTo;
            stored = alerts.overlapping(c, sensorId, from, to);
        }
        if (!from.equals(segmentsFrom) || !to.equals(segmentsTo)) {
            segments = attribution.segments(c, tenant, sensor, from, to);
        }
        Map<Instant, Instant> receivedAt = new HashMap<>();
        List<Sample> samples = samples(c, tenant, sensor, from, to, receivedAt);

        Outcome out = new Outcome(0, 0);
        Ctx ctx = new Ctx(c, tenant, sensorId, sensor, segments, stored, now, receivedAt);
        for (RuleSpans rs : ruleSpans(segments).values()) {
            List<Episode> fired = new ArrayList<>();
            for (Instant[] span : rs.spans) {
                for (Episode e :
                        ExcursionEvaluator.episodes(rs.rule, episodeOptions, within(samples, span[0], span[1]))) {
                    if (e.fired()) {
                        fired.add(e);
                    }
                }
            }
            out = out.plus(apply(ctx, RuleKey.of(rs.rule), fired, newAlert(rs.rule, List.copyOf(rs.profiles))));
        }
        if (options.batteryLowV() > 0) {
            List<Episode> fired =
                    ExcursionEvaluator.lowBattery(
                                    options.batteryLowV(), options.batteryDelay(), episodeOptions, samples)
                            .stream()
                            .filter(Episode::fired)
                            .toList();
            out = out.plus(apply(
                    ctx,
                    RuleKey.BATTERY,
                    fired,
                    (ep, where) -> new NewAlert(
                            tenant,
                            RuleKey.BATTERY,
                            "battery",
                            "warning",
                            options.batteryLowV(),
                            (int) options.batteryDelay().toMinutes(),
                            null,
                            List.of(),
                            sensorId,
                            sensor,
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
                            List.of())));
        }
        out = out.plus(gaps(ctx, samples));
        out = out.plus(cumulative(ctx, changedFrom, changedTo, within(samples, changedFrom, changedTo.plusNanos(1))));
        return out;
    }

    /** Everything one evaluation needs to name an alert's place and batches. */
    private record Ctx(
            Connection c,
            String tenant,
            int sensorId,
            String sensor,
            List<Segment> segments,
            List<AlertRecord> stored,
            Instant now,
            Map<Instant, Instant> receivedAt) {}

    /** Builds the alert for a fired episode, given the segment it started in. */
    @FunctionalInterface
    private interface AlertFactory {
        NewAlert create(Episode episode, Segment where);
    }

    private AlertFactory newAlert(Rule rule, List<String> profiles) {
        return (ep, where) -> new NewAlert(
                null,
                RuleKey.of(rule),
                rule.kind().wire(),
                rule.severity().wire(),
                rule.thresholdC(),
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

    private Outcome apply(Ctx ctx, String ruleKey, List<Episode> fired, AlertFactory factory) throws SQLException {
        List<AlertRecord> mine =
                ctx.stored().stream().filter(a -> a.ruleKey().equals(ruleKey)).toList();
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
                Episode ep = o.episode();
                Segment where = segmentAt(ctx.segments(), ep.start());
                NewAlert proto = factory.create(ep, where);
                NewAlert a = new NewAlert(
                        ctx.tenant(),
                        ruleKey,
                        proto.kind(),
                        proto.severity(),
                        proto.threshold(),
                        proto.delayMin(),
                        proto.budgetMin(),
                        proto.profiles(),
                        ctx.sensorId(),
                        ctx.sensor(),
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
                        withExposure(ctx, proto.kind(), proto.threshold(), batchesDuring(ctx.segments(), ep)));
                AlertRecord r = alerts.open(ctx.c(), a);
                events.append(ctx.c(), AlertJson.event(r, "opened"));
                if (r.endedAt() != null) {
                    events.append(ctx.c(), AlertJson.event(r, "ended"));
                }
                opened++;
            } else if (ch instanceof AlertReconciler.Update u) {
                AlertRecord before =
                        mine.stream().filter(a -> a.id() == u.id()).findFirst().orElseThrow();
                Episode ep = u.episode();
                AlertRecord r = alerts.updateEpisode(
                        ctx.c(),
                        u.id(),
                        ep.start(),
                        ep.end(),
                        ep.lastOut(),
                        ep.firedAt(),
                        Double.isNaN(ep.peakC()) ? null : ep.peakC(),
                        ep.peakAt(),
                        null,
                        batchesDuring(ctx.segments(), ep));
                if (before.endedAt() == null && r.endedAt() != null) {
                    // The episode is over: the batches' exposure as it stands now goes with the "ended" event.
                    for (AlertBatch b : withExposure(ctx, r.kind(), r.threshold(), r.batches())) {
                        alerts.setBatchExposure(ctx.c(), r.id(), b.lot(), b.exposureS());
                    }
                    events.append(
                            ctx.c(),
                            AlertJson.event(
                                    alerts.get(ctx.c(), ctx.tenant(), r.id()).orElseThrow(), "ended"));
                }
                changed++;
            } else if (ch instanceof AlertReconciler.Merge m) {
                events.append(ctx.c(), AlertJson.event(alerts.merge(ctx.c(), m.into(), m.absorbed()), "merged"));
                changed++;
            } else if (ch instanceof AlertReconciler.Retract r) {
                events.append(
                        ctx.c(),
                        AlertJson.event(
                                alerts.retract(
                                        ctx.c(), r.id(), "later readings show no episode that lasted the rule's delay"),
                                "retracted"));
                changed++;
            }
        }
        return new Outcome(opened, changed);
    }

    /**
     * Data gaps while the sensor is on an asset. A silence still going on counts only when the
     * gateway too has been silent that long in wall-clock time: a gateway replaying its backlog is
     * delivering, and the backlog may fill the silence (an accelerated simulation likewise).
     */
    private Outcome gaps(Ctx ctx, List<Sample> samples) throws SQLException {
        Segment last = ctx.segments().get(ctx.segments().size() - 1);
        Duration allowed = allowedSilence(ctx, last);
        Optional<Latest> latest = readings.latest(ctx.c(), ctx.sensorId());
        Instant gapNow = ctx.now();
        if (latest.isPresent()
                && Duration.between(latest.get().receivedAt(), ctx.now()).compareTo(allowed) <= 0) {
            // Still reporting in wall-clock time: no silence goes on now. The end is the last sample we
            // read, not the newest reading: one committed (by a sibling instance) after the samples were
            // read would otherwise make the hole before it look like an open gap.
            gapNow = samples.isEmpty()
                    ? latest.get().ts()
                    : samples.get(samples.size() - 1).ts();
        }
        List<Episode> fired = new ArrayList<>();
        for (Gap g : GapDetector.gaps(samples, allowed, gapNow)) {
            if (!settled(ctx, g)) {
                // Not yet: a sibling instance (or a redelivery) may still be committing readings that fill
                // the hole. Any later reading of this sensor, or the live gap sweep once it goes silent,
                // evaluates it again; an alert already raised for it is kept as it is.
                Optional<AlertRecord> raised = ctx.stored().stream()
                        .filter(a ->
                                a.ruleKey().equals(RuleKey.GAP) && a.startedAt().equals(g.start()))
                        .findFirst();
                if (raised.isEmpty()) {
                    continue;
                }
            }
            // An open gap's "last out" is its start: it must not change with every sweep.
            Instant lastOut = g.end() != null ? g.end() : g.start();
            fired.add(new Episode(
                    g.start(), g.end(), lastOut, 0.0, g.start(), g.start().plus(allowed)));
        }
        int minutes = (int) allowed.toMinutes();
        return apply(
                ctx,
                RuleKey.GAP,
                fired,
                (ep, where) -> new NewAlert(
                        null,
                        RuleKey.GAP,
                        "gap",
                        "warning",
                        null,
                        minutes,
                        null,
                        List.of(),
                        null,
                        null,
                        where.asset(),
                        where.site(),
                        null,
                        ep.start(),
                        ep.end(),
                        ep.lastOut(),
                        ep.firedAt(),
                        null,
                        null,
                        null,
                        List.of()));
    }

    /**
     * A closed hole is real once both readings around it were received at least the settle time ago
     * (alert.gap.settle): readings of one gateway split between instances, or redelivered, arrive
     * within seconds of each other, so a hole that is still there after that is a true silence.
     */
    private boolean settled(Ctx ctx, Gap g) {
        if (g.open()) {
            return true; // judged in wall-clock time already (the gateway's silence)
        }
        Instant limit = ctx.now().minus(options.gapSettle());
        Instant before = ctx.receivedAt().get(g.start());
        Instant after = ctx.receivedAt().get(g.end());
        return (before == null || !before.isAfter(limit)) && (after == null || !after.isAfter(limit));
    }

    private Duration allowedSilence(Ctx ctx, Segment where) throws SQLException {
        Integer expected = null;
        for (var s : attribution.sensorsOnAsset(ctx.c(), ctx.tenant(), where.asset(), where.from(), where.to())) {
            if (s.sensor().equals(ctx.sensor())) {
                expected = s.expectedIntervalS();
            }
        }
        return allowedSilence(expected, where.assetKind());
    }

    /** How long a sensor may be silent: its expected interval plus tolerance, else its kind's default. */
    private Duration allowedSilence(Integer expected, String assetKind) {
        if (expected != null) {
            return Duration.ofSeconds(expected).plus(options.gapTolerance());
        }
        return isVehicle(assetKind) ? options.gapVehicle() : options.gapFixed();
    }

    private static boolean isVehicle(String kind) {
        return "truck".equals(kind) || "trailer".equals(kind) || "tanker".equals(kind);
    }

    /**
     * Cumulative (stability-budget) rules of the batches present while the readings changed: each
     * batch's time beyond the threshold over its whole journey, every asset it passed through.
     */
    private Outcome cumulative(Ctx ctx, Instant changedFrom, Instant changedTo, List<Sample> changed)
            throws SQLException {
        Map<String, Stay> lots = new LinkedHashMap<>();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (Segment seg : ctx.segments()) {
            if (seg.to() != null && !seg.to().isAfter(changedFrom) || seg.from().isAfter(changedTo)) {
                continue;
            }
            seg.profiles().forEach(p -> profiles.putIfAbsent(p.id(), p));
            seg.batches().forEach(b -> lots.putIfAbsent(b.lot(), b));
        }
        int opened = 0;
        for (Stay batch : lots.values()) {
            Profile product = profiles.get(batch.productProfile());
            if (product == null) {
                continue;
            }
            for (Rule rule : product.rules()) {
                if (!rule.kind().cumulative()) {
                    continue;
                }
                if (changed.stream()
                        .noneMatch(x ->
                                rule.kind().upward() ? x.tempC() > rule.thresholdC() : x.tempC() < rule.thresholdC())) {
                    // Only readings beyond the threshold add exposure: readings within it can only shorten
                    // what earlier ones stood for, so the budget cannot have been crossed by this change.
                    continue;
                }
                String key = RuleKey.of(rule);
                Optional<AlertRecord> existing = alerts.budgetAlert(ctx.c(), ctx.tenant(), batch.lot(), key);
                CumulativeExposure.Result result = exposure(ctx.c(), ctx.tenant(), batch.lot(), rule, ctx.now());
                if (existing.isPresent()) {
                    AlertRecord a = existing.get();
                    alerts.updateExposure(
                            ctx.c(),
                            a.id(),
                            result.exposure().toSeconds(),
                            ctx.now(),
                            Double.isNaN(result.peakC()) ? null : result.peakC(),
                            null);
                } else if (result.budgetReachedAt() != null) {
                    Segment where = segmentAt(ctx.segments(), result.budgetReachedAt());
                    AlertBatch named = new AlertBatch(
                            batch.lot(),
                            batch.sku(),
                            batch.productName(),
                            "shipment".equals(batch.via()) ? batch.ref() : null,
                            result.exposure().toSeconds(),
                            null);
                    NewAlert a = new NewAlert(
                            ctx.tenant(),
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
                            List.of(named));
                    AlertRecord r = alerts.open(ctx.c(), a);
                    events.append(ctx.c(), AlertJson.event(r, "opened"));
                    opened++;
                }
            }
        }
        return new Outcome(opened, 0);
    }

    /** A batch's exposure under a cumulative rule across every stay of its journey. */
    CumulativeExposure.Result exposure(Connection c, String tenant, String lot, Rule rule, Instant now)
            throws SQLException {
        List<CumulativeExposure.Leg> legs = new ArrayList<>();
        for (Stay stay : attribution.journey(c, tenant, lot)) {
            Instant end = stay.to() != null ? stay.to() : now;
            List<List<Sample>> probes = new ArrayList<>();
            Duration step = null;
            List<String> names = new ArrayList<>();
            for (var s : attribution.sensorsOnAsset(c, tenant, stay.asset(), stay.from(), end)) {
                names.add(s.sensor());
                Duration allowed = allowedSilence(s.expectedIntervalS(), stay.assetKind());
                step = step == null || allowed.compareTo(step) > 0 ? allowed : step;
            }
            // One query for all the asset's probes: a display case may carry dozens.
            for (List<Reading> probe : readings.bySensors(c, tenant, names, stay.from(), end, MAX_SAMPLES)
                    .values()) {
                List<Sample> out = new ArrayList<>(probe.size());
                probe.forEach(r -> out.add(new Sample(r.ts(), r.tempC(), r.batteryV())));
                probes.add(out);
            }
            legs.add(new CumulativeExposure.Leg(
                    stay.asset(),
                    stay.from(),
                    stay.to(),
                    probes,
                    step == null ? allowedSilence(null, stay.assetKind()) : step));
        }
        return CumulativeExposure.evaluate(rule, legs, now);
    }

    /**
     * Each batch's time beyond the alert's threshold over its whole journey so far (every asset it
     * passed through), for temperature alerts; other kinds leave the batches as they are.
     */
    private List<AlertBatch> withExposure(Ctx ctx, String kind, Double threshold, List<AlertBatch> batches)
            throws SQLException {
        if (threshold == null || !("above".equals(kind) || "below".equals(kind))) {
            return batches;
        }
        Rule measure = Rule.cumulative(
                "above".equals(kind) ? Rule.Kind.CUMULATIVE_ABOVE : Rule.Kind.CUMULATIVE_BELOW,
                threshold,
                Duration.ofMinutes(Rule.MAX_BUDGET_MIN),
                Rule.Severity.WARNING);
        List<AlertBatch> out = new ArrayList<>();
        for (AlertBatch b : batches) {
            long seconds = exposure(ctx.c(), ctx.tenant(), b.lot(), measure, ctx.now())
                    .exposure()
                    .toSeconds();
            out.add(new AlertBatch(b.lot(), b.sku(), b.product(), b.shipment(), seconds, b.disposition()));
        }
        return out;
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
                out.putIfAbsent(
                        b.lot(),
                        new AlertBatch(
                                b.lot(),
                                b.sku(),
                                b.productName(),
                                "shipment".equals(b.via()) ? b.ref() : null,
                                null,
                                null));
            }
        }
        return List.copyOf(out.values());
    }

    private static Segment segmentAt(List<Segment> segments, Instant t) {
        Segment found = segments.get(0);
        for (Segment seg : segments) {
            if (!seg.from().isAfter(t)) {
                found = seg;
            }
        }
        return found;
    }

    /** Each consecutive rule of every profile that applied in the window, with where it applied. */
    private static final class RuleSpans {
        final Rule rule;
        final Set<String> profiles = new LinkedHashSet<>();
        final List<Instant[]> spans = new ArrayList<>();

        RuleSpans(Rule rule) {
            this.rule = rule;
        }

        void add(Instant from, Instant to) {
            Instant[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last[1].equals(from)) {
                last[1] = to; // adjacent segments: one span, so an episode is not cut at a batch's arrival
            } else {
                spans.add(new Instant[] {from, to});
            }
        }
    }

    private static Map<String, RuleSpans> ruleSpans(List<Segment> segments) {
        Map<String, RuleSpans> out = new LinkedHashMap<>();
        for (Segment seg : segments) {
            Set<String> seen = new LinkedHashSet<>();
            for (Profile p : seg.profiles()) {
                for (Rule r : p.rules()) {
                    if (r.kind().cumulative()) {
                        continue;
                    }
                    String key = RuleKey.of(r);
                    RuleSpans rs = out.computeIfAbsent(key, k -> new RuleSpans(r));
                    rs.profiles.add(p.id());
                    if (seen.add(key)) {
                        rs.add(seg.from(), seg.to());
                    }
                }
            }
        }
        return out;
    }

    private static Duration longestDelay(List<Segment> segments) {
        Duration longest = Duration.ZERO;
        for (Segment seg : segments) {
            for (Profile p : seg.profiles()) {
                for (Rule r : p.rules()) {
                    Duration d = r.kind().cumulative() ? Duration.ZERO : r.delay();
                    longest = d.compareTo(longest) > 0 ? d : longest;
                }
            }
        }
        return longest;
    }

    private List<Sample> samples(
            Connection c, String tenant, String sensor, Instant from, Instant to, Map<Instant, Instant> receivedAt)
            throws SQLException {
        List<Sample> out = new ArrayList<>();
        for (Reading r : readings.bySensor(c, tenant, sensor, from, to, MAX_SAMPLES)) {
            out.add(new Sample(r.ts(), r.tempC(), r.batteryV()));
            if (r.receivedAt() != null) {
                receivedAt.put(r.ts(), r.receivedAt());
            }
        }
        return out;
    }

    /** Samples in {@code [from, to)}; {@code samples} is sorted by time. */
    private static List<Sample> within(List<Sample> samples, Instant from, Instant to) {
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
