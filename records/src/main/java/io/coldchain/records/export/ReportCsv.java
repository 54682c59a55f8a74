package io.coldchain.records.export;

import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.report.ComplianceReport;
import io.coldchain.records.report.ComplianceReport.AssetFigures;
import io.coldchain.records.report.ComplianceReport.SensorFigures;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/**
 * The compliance report as CSV (RFC 4180, as {@link LogCsv}): one row per sensor (per stay on an
 * asset) with the period in local time (offset included), the interval compliance, time out of
 * range, gaps, excursions, calibration and the integrity of its sealed UTC days. Excursion details
 * are in the JSON and PDF.
 */
public final class ReportCsv {
    public static final List<String> HEADER = List.of(
            "site",
            "timezone",
            "period",
            "from_local",
            "to_local",
            "asset",
            "sensor",
            "readings",
            "required_interval_s",
            "interval_compliance",
            "meets_required_interval",
            "asset_time_out_of_range_s",
            "time_out_of_range_s",
            "gaps",
            "gap_total_s",
            "excursions",
            "excursions_unresolved",
            "calibration_due",
            "calibration_status",
            "seals_checked",
            "integrity_intact");

    private ReportCsv() {}

    public static String render(ComplianceReport r) {
        TemperatureLog log = r.log();
        StringWriter out = new StringWriter(2048);
        try (CSVPrinter csv = LogCsv.printer(out, HEADER)) {
            for (AssetFigures a : r.assets()) {
                for (SensorFigures f : a.sensors()) {
                    SensorLog s = f.log();
                    var check = r.integrity().stream()
                            .filter(i -> i.sensor().equals(s.sensor()))
                            .map(ComplianceReport.SensorIntegrity::check)
                            .findFirst();
                    long excursions = a.excursions().stream()
                            .filter(e -> s.sensor().equals(e.sensor()))
                            .count();
                    long unresolved = a.excursions().stream()
                            .filter(e -> s.sensor().equals(e.sensor()) && !"resolved".equals(e.status()))
                            .count();
                    csv.printRecord(
                            log.site().site(),
                            log.zone().getId(),
                            r.kind().wire(),
                            LocalTimes.rfc3339(log.from(), log.zone()),
                            LocalTimes.rfc3339(log.to(), log.zone()),
                            a.asset(),
                            s.sensor(),
                            s.count(),
                            s.requiredInterval().toSeconds(),
                            Math.round(s.compliance() * 10_000) / 10_000.0,
                            f.meetsInterval(),
                            a.timeOutOfRange().toSeconds(),
                            s.outOfRange().toSeconds(),
                            f.gaps(),
                            f.gapTotal().toSeconds(),
                            log.excursionsConnected() ? excursions : null,
                            log.excursionsConnected() ? unresolved : null,
                            s.calibration().due(),
                            f.calibration().wire(),
                            check.map(i -> i.sealsChecked()).orElse(0),
                            check.map(i -> i.intact()).orElse(true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
