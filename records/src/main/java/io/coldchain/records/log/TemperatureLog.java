package io.coldchain.records.log;

import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.registry.RegistryView.Site;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The temperature log of one site over a period: what an inspector asks for during a retail check
 * (温度控制和记录). Rendered as JSON, CSV and PDF.
 *
 * @param to the end of the period actually covered: the requested end, or now when that is later
 * @param excursionsConnected false when alerting is not connected: excursion lists are then unknown, not empty
 * @param zone the site's time zone (its own, else the server's default): reports print local times in it
 * @param siteExcursions the alerts raised on no sensor (batch-level: stability budget, not cooled within, age)
 *     at the site or one of its assets; listed once for the site, since no sensor's list holds them
 */
public record TemperatureLog(
        Site site,
        ZoneId zone,
        Instant from,
        Instant to,
        Instant generatedAt,
        String generatedBy,
        boolean excursionsConnected,
        List<AssetLog> assets,
        List<ExcursionRecord> siteExcursions,
        List<DayDigest> digests) {

    /** One asset of the site (cold room, display case, freezer) with its profile limits and sensors. */
    public record AssetLog(
            String asset,
            String name,
            String kind,
            String profile,
            Double minC,
            Double maxC,
            List<SensorLog> sensors) {}

    /**
     * One sensor over the part of the period it was on the asset ({@code from}, {@code to}; a sensor
     * moved away and back appears once per stay).
     *
     * @param bucket null when {@code curve} holds every reading, else the width of its buckets
     * @param compliance share of the period covered by readings at the required interval, 0..1
     * @param outOfRange time the readings spent beyond the asset's limits
     */
    public record SensorLog(
            String sensor,
            Instant from,
            Instant to,
            Duration expectedInterval,
            Duration requiredInterval,
            int count,
            Double minC,
            Double maxC,
            Double meanC,
            Duration outOfRange,
            double compliance,
            Duration bucket,
            List<Point> curve,
            List<Gap> gaps,
            CalibrationStatus calibration,
            List<ExcursionRecord> excursions) {

        public boolean raw() {
            return bucket == null;
        }
    }

    /**
     * A sensor's calibration as of the report.
     *
     * @param due the due date in force (latest record, else the registry's calibration_due), or null when unknown
     * @param readingsAfterDue readings of the period taken after the due date: flagged
     */
    public record CalibrationStatus(
            LocalDate due, LocalDate calibratedAt, String certificate, boolean overdue, int readingsAfterDue) {}
}
