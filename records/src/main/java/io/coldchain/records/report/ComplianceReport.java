package io.coldchain.records.report;

import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * A site's periodic self-inspection (compliance) report, contract §10 (日管控、周排查、月调度): for
 * one local day, ISO week or calendar month, the recording-interval compliance of every sensor, time
 * out of range per asset, gaps, excursions with their corrective actions and dispositions,
 * calibration status and the integrity of the sealed days. Its figures come from the site's
 * {@link TemperatureLog} over the same period (one computation, two documents).
 *
 * @param complete false while the period has not ended yet (the figures cover it up to {@code log.to()})
 * @param integrity the verification of the sealed UTC days overlapping the period, one per sensor
 */
public record ComplianceReport(
        LocalPeriod.Kind kind,
        LocalPeriod period,
        boolean complete,
        TemperatureLog log,
        List<AssetFigures> assets,
        List<SensorIntegrity> integrity) {

    /** The integrity check of one sensor's sealed UTC days overlapping the period. */
    public record SensorIntegrity(String sensor, IntegrityCheck.Report check) {}

    /** A sensor meets its recording interval when readings at that interval cover at least this share of its time. */
    public static final double COMPLIANCE_THRESHOLD = 0.99;
    /** A calibration due within this many days after the period's end is reported as {@code due_soon}. */
    public static final int DUE_SOON_DAYS = 30;

    /** One asset: the worst time out of range of its sensors, its excursions (each alert once). */
    public record AssetFigures(
            String asset,
            String name,
            String kind,
            Double minC,
            Double maxC,
            Duration timeOutOfRange,
            List<SensorFigures> sensors,
            List<ExcursionRecord> excursions) {}

    /** One sensor (one stay on the asset). */
    public record SensorFigures(
            SensorLog log,
            boolean meetsInterval,
            int gaps,
            Duration gapTotal,
            Duration longestGap,
            CalibrationVerdict calibration) {}

    /** {@code ok}, {@code due_soon}, {@code overdue} or {@code unknown} (no due date on record). */
    public enum CalibrationVerdict {
        OK,
        DUE_SOON,
        OVERDUE,
        UNKNOWN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static CalibrationVerdict of(LocalDate due, LocalDate lastDay) {
            if (due == null) {
                return UNKNOWN;
            }
            if (due.isBefore(lastDay)) {
                return OVERDUE;
            }
            return due.isAfter(lastDay.plusDays(DUE_SOON_DAYS)) ? OK : DUE_SOON;
        }
    }

    /** Sealed days checked, and whether every one verified. */
    public int sealsChecked() {
        return integrity.stream().mapToInt(i -> i.check().sealsChecked()).sum();
    }

    public boolean intact() {
        return integrity.stream().allMatch(i -> i.check().intact());
    }

    public int mismatches() {
        return integrity.stream().mapToInt(i -> i.check().mismatches().size()).sum();
    }

    public int unsealedDays() {
        return integrity.stream().mapToInt(i -> i.check().unsealed().size()).sum();
    }

    public int sensorsMeetingInterval() {
        return (int) assets.stream()
                .flatMap(a -> a.sensors().stream())
                .filter(SensorFigures::meetsInterval)
                .count();
    }

    public int sensorCount() {
        return assets.stream().mapToInt(a -> a.sensors().size()).sum();
    }

    public int excursionCount() {
        return assets.stream().mapToInt(a -> a.excursions().size()).sum()
                + log.siteExcursions().size();
    }
}
