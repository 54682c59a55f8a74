package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.CumulativeExposure;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.core.model.Reading;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Stay;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A batch's readings over its whole journey (every stay, every probe of each asset), and what the
 * rules compute from them: its exposure beyond a threshold.
 */
final class BatchJourney {
    /** Readings per sensor one evaluation reads at most: 12 h at one per second, far above any probe's rate. */
    static final int MAX_SAMPLES = 50_000;

    /** PostgreSQL's time resolution: the smallest step past an instant that SQL still sees. */
    private static final Duration MICROSECOND = Duration.ofNanos(1000);

    private final AttributionStore attribution;
    private final ReadingQueryStore readings;
    private final AllowedSilence silence;

    BatchJourney(AttributionStore attribution, ReadingQueryStore readings, AllowedSilence silence) {
        this.attribution = attribution;
        this.readings = readings;
        this.silence = silence;
    }

    /** A batch's exposure under a cumulative rule across every stay of its journey. */
    CumulativeExposure.Result exposure(Connection c, String tenant, String lot, Rule rule, Instant now)
            throws SQLException {
        return CumulativeExposure.evaluate(rule, legs(c, tenant, lot, now), now);
    }

    /**
     * One leg per stay of the batch, with the readings of every probe of the stay's asset during the
     * stay (an open stay runs until {@code now}).
     */
    List<CumulativeExposure.Leg> legs(Connection c, String tenant, String lot, Instant now) throws SQLException {
        return legs(c, tenant, lot, null, now);
    }

    /**
     * The same, reading only {@code [from, to]} of each stay (both ends included); {@code from} null:
     * every stay whole, an open one until {@code to} excluded, as {@link #legs(Connection, String,
     * String, Instant)}. The raw-milk rules need the batch's first hours only.
     */
    List<CumulativeExposure.Leg> legs(Connection c, String tenant, String lot, Instant from, Instant to)
            throws SQLException {
        List<CumulativeExposure.Leg> legs = new ArrayList<>();
        for (Stay stay : attribution.journey(c, tenant, lot)) {
            Instant start = stay.from();
            Instant end = stay.to() != null ? stay.to() : to;
            if (from != null) {
                Instant past = to.plus(MICROSECOND); // a reading at the window's end counts
                end = stay.to() == null || stay.to().isAfter(past) ? past : stay.to();
                if (!end.isAfter(from) || stay.from().isAfter(to)) {
                    continue; // outside the window asked for
                }
                start = stay.from().isBefore(from) ? from : stay.from();
            }
            List<List<Sample>> probes = new ArrayList<>();
            Duration step = null;
            List<String> names = new ArrayList<>();
            for (var s : attribution.sensorsOnAsset(c, tenant, stay.asset(), start, end)) {
                names.add(s.sensor());
                Duration allowed = silence.of(s.expectedIntervalS(), stay.assetKind());
                step = step == null || allowed.compareTo(step) > 0 ? allowed : step;
            }
            // One query for all the asset's probes: a display case may carry dozens.
            for (List<Reading> probe : readings.bySensors(c, tenant, names, start, end, MAX_SAMPLES)
                    .values()) {
                List<Sample> out = new ArrayList<>(probe.size());
                probe.forEach(r -> out.add(SensorEvaluator.sample(r)));
                probes.add(out);
            }
            legs.add(new CumulativeExposure.Leg(
                    stay.asset(),
                    stay.from(),
                    stay.to(),
                    probes,
                    step == null ? silence.of(null, stay.assetKind()) : step));
        }
        return legs;
    }

    /**
     * Where the batch was at {@code t}: the stay covering it, else the last one begun before it (the
     * batch left that asset and no next stay is recorded yet); empty when its journey starts later.
     */
    Optional<Stay> stayAt(Connection c, String tenant, String lot, Instant t) throws SQLException {
        Stay found = null;
        for (Stay stay : attribution.journey(c, tenant, lot)) {
            if (!stay.from().isAfter(t) && (found == null || stay.covers(t) || !found.covers(t))) {
                found = stay; // sorted by start: a later covering stay is the batch's latest move
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Each batch's time beyond the alert's threshold over its whole journey so far (every asset it
     * passed through), for temperature alerts; other kinds leave the batches as they are.
     */
    List<AlertBatch> withExposure(SensorWindow w, String kind, Double threshold, List<AlertBatch> batches)
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
            long seconds = exposure(w.c(), w.tenant(), b.lot(), measure, w.now())
                    .exposure()
                    .toSeconds();
            out.add(new AlertBatch(b.lot(), b.sku(), b.product(), b.shipment(), seconds, b.disposition()));
        }
        return out;
    }

    /** How a stay names its batch on an alert (the shipment only when it came by one). */
    static AlertBatch named(Stay b, Long exposureS) {
        return new AlertBatch(
                b.lot(), b.sku(), b.productName(), Stay.SHIPMENT.equals(b.via()) ? b.ref() : null, exposureS, null);
    }
}
