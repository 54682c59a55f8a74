package io.coldchain.records.trace;

import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.registry.RegistryView.Batch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A batch's whole cold chain: every leg, what the readings say on each, its excursions, and over the
 * whole journey the cumulative time out of the product's limits and the mean kinetic temperature.
 *
 * @param minC the product profile's lower limit, null when it has none
 * @param mktC mean kinetic temperature over every reading of every leg, null without readings
 * @param now where the batch is at the time of the trace; null when it has no leg
 * @param excursionsConnected false when alerting is not connected: excursion lists are unknown, not empty
 */
public record BatchTrace(
        Batch batch,
        Double minC,
        Double maxC,
        Instant generatedAt,
        List<Leg> legs,
        List<ExcursionRecord> excursions,
        Exposure exposure,
        Double mktC,
        Location now,
        boolean excursionsConnected) {

    /**
     * One stay of the batch on one asset, {@code [from, to)}; {@code to} null while it is still there
     * (the figures then run until the trace's time).
     */
    public record Leg(
            String asset,
            String assetKind,
            String site,
            String via,
            String ref,
            Instant from,
            Instant to,
            int readings,
            Double minC,
            Double maxC,
            Double meanC,
            Exposure exposure,
            List<SensorLeg> sensors,
            List<LegGap> gaps,
            List<ExcursionRecord> excursions) {}

    /** One sensor's part of a leg. */
    public record SensorLeg(
            String sensor,
            Instant from,
            Instant to,
            int readings,
            Double minC,
            Double maxC,
            Double meanC,
            Exposure exposure,
            int readingsAfterCalibrationDue) {}

    /** A gap of one sensor during a leg; {@code sensor} null when no sensor at all was on the asset. */
    public record LegGap(String sensor, Gap gap) {}

    /** Time beyond the limits: out of range = above max + below min. */
    public record Exposure(Duration outOfRange, Duration aboveMax, Duration belowMin) {
        public static final Exposure NONE = new Exposure(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public Exposure plus(Exposure o) {
            return new Exposure(outOfRange.plus(o.outOfRange), aboveMax.plus(o.aboveMax), belowMin.plus(o.belowMin));
        }

        /** The larger of each figure: for one leg seen by several sensors, the worst sensor counts. */
        public Exposure max(Exposure o) {
            return new Exposure(
                    longer(outOfRange, o.outOfRange), longer(aboveMax, o.aboveMax), longer(belowMin, o.belowMin));
        }

        private static Duration longer(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    /** Where the batch is (its last leg): {@code current} false when that leg has ended. */
    public record Location(
            String asset, String assetKind, String site, Instant since, Instant until, boolean current) {}
}
