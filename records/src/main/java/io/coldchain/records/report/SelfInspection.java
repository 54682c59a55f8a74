package io.coldchain.records.report;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

/**
 * A tenant's yearly self-inspection summary (domain brief: at least one self-inspection report a
 * year; 月调度): per site, the figures of each month's compliance report of the year, up to the
 * current month.
 */
public record SelfInspection(String tenant, int year, List<SiteYear> sites) {

    /** One site's months. */
    public record SiteYear(String site, String name, String timezone, List<Month> months) {}

    /**
     * One month's report, summarised.
     *
     * @param excursions null when alerting is not connected (unknown, not zero)
     * @param worstTimeOutOfRange the longest time out of range of any asset of the site
     */
    public record Month(
            YearMonth month,
            boolean complete,
            int sensors,
            int sensorsMeetingInterval,
            Integer excursions,
            Duration worstTimeOutOfRange,
            int gaps,
            int sealsChecked,
            boolean integrityIntact) {

        static Month of(ComplianceReport r) {
            return new Month(
                    YearMonth.from(r.period().first()),
                    r.complete(),
                    r.sensorCount(),
                    r.sensorsMeetingInterval(),
                    r.log().excursionsConnected() ? r.excursionCount() : null,
                    r.assets().stream()
                            .map(ComplianceReport.AssetFigures::timeOutOfRange)
                            .max(Duration::compareTo)
                            .orElse(Duration.ZERO),
                    r.assets().stream()
                            .flatMap(a -> a.sensors().stream())
                            .mapToInt(ComplianceReport.SensorFigures::gaps)
                            .sum(),
                    r.sealsChecked(),
                    r.intact());
        }
    }
}
