package io.coldchain.records.report;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReport.AssetFigures;
import io.coldchain.records.report.ComplianceReport.CalibrationVerdict;
import io.coldchain.records.report.ComplianceReport.SensorFigures;
import io.coldchain.registry.RegistryView.Site;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link ComplianceReport}: the period in the site's time zone, the site's temperature log
 * over it ({@link TemperatureLogService}, the same figures the log shows), the figures per asset and
 * sensor derived from it, and the integrity check of the sealed days. Sealed days are UTC days, so
 * the check covers every UTC day that overlaps the local period.
 */
public final class ComplianceReportService {
    private final TemperatureLogService logs;
    private final IntegrityCheck integrity;

    public ComplianceReportService(TemperatureLogService logs, IntegrityCheck integrity) {
        this.logs = logs;
        this.integrity = integrity;
    }

    public TemperatureLogService logs() {
        return logs;
    }

    /** The period of {@code kind} containing {@code date} in the site's zone. */
    public LocalPeriod period(Site site, LocalPeriod.Kind kind, LocalDate date) {
        return LocalPeriod.of(kind, date, logs.zoneOf(site));
    }

    public ComplianceReport build(
            Connection c, Site site, LocalPeriod.Kind kind, LocalDate date, Instant now, String generatedBy)
            throws SQLException {
        LocalPeriod period = period(site, kind, date);
        if (!period.from().isBefore(now)) {
            throw ColdchainException.badRequest(
                    "invalid_parameter",
                    "the " + kind.wire() + " of " + date + " has not begun yet at " + site.site() + " ("
                            + period.zone().getId() + ")");
        }
        TemperatureLog log = logs.build(c, site, period.from(), period.to(), now, generatedBy);
        List<AssetFigures> assets = new ArrayList<>();
        Set<String> sensors = new LinkedHashSet<>();
        for (AssetLog a : log.assets()) {
            List<SensorFigures> figures = new ArrayList<>();
            Map<String, ExcursionRecord> excursions = new LinkedHashMap<>();
            Duration worst = Duration.ZERO;
            for (SensorLog s : a.sensors()) {
                sensors.add(s.sensor());
                figures.add(figures(s, period.last()));
                s.excursions().forEach(e -> excursions.putIfAbsent(e.alertId(), e));
                worst = s.outOfRange().compareTo(worst) > 0 ? s.outOfRange() : worst;
            }
            assets.add(new AssetFigures(
                    a.asset(),
                    a.name(),
                    a.kind(),
                    a.minC(),
                    a.maxC(),
                    worst,
                    figures,
                    List.copyOf(excursions.values())));
        }
        LocalDate firstUtc = period.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate lastUtc = log.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        List<ComplianceReport.SensorIntegrity> checks = new ArrayList<>();
        for (String sensor : sensors) {
            checks.add(new ComplianceReport.SensorIntegrity(
                    sensor, integrity.check(c, site.tenant(), Optional.of(sensor), firstUtc, lastUtc, now)));
        }
        return new ComplianceReport(kind, period, !period.to().isAfter(now), log, assets, checks);
    }

    private static SensorFigures figures(SensorLog s, LocalDate lastDay) {
        Duration total = Duration.ZERO;
        Duration longest = Duration.ZERO;
        for (Gap g : s.gaps()) {
            total = total.plus(g.duration());
            longest = g.duration().compareTo(longest) > 0 ? g.duration() : longest;
        }
        return new SensorFigures(
                s,
                s.compliance() >= ComplianceReport.COMPLIANCE_THRESHOLD,
                s.gaps().size(),
                total,
                longest,
                CalibrationVerdict.of(s.calibration().due(), lastDay));
    }
}
