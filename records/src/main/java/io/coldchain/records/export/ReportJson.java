package io.coldchain.records.export;

import static io.coldchain.records.export.Json.seconds;
import static io.coldchain.records.export.Json.time;

import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.report.ComplianceReport;
import io.coldchain.records.report.ComplianceReport.AssetFigures;
import io.coldchain.records.report.ComplianceReport.SensorFigures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;

/**
 * The compliance report as JSON: times RFC 3339 in UTC with a {@code *_local} twin in the site's
 * zone, durations in seconds; the period is named by its local days ({@code first}, {@code last}).
 * Integrity is about sealed UTC days (the digests are per UTC day whatever the site's zone).
 */
public final class ReportJson {
    private ReportJson() {}

    public static Buffer render(ComplianceReport r) {
        TemperatureLog log = r.log();
        ZoneId zone = log.zone();
        JsonArray assets = new JsonArray();
        for (AssetFigures a : r.assets()) {
            JsonArray sensors = new JsonArray();
            for (SensorFigures f : a.sensors()) {
                SensorLog s = f.log();
                sensors.add(Json.sensorFigures(s)
                        .put("from", time(s.from()))
                        .put("to", time(s.to()))
                        .put("meets_required_interval", f.meetsInterval())
                        .put("gaps", f.gaps())
                        .put("gap_total_s", seconds(f.gapTotal()))
                        .put("longest_gap_s", seconds(f.longestGap()))
                        .put("gap_list", Json.gaps(s.gaps(), zone))
                        .put(
                                "calibration",
                                new JsonObject()
                                        .put(
                                                "due",
                                                s.calibration().due() == null
                                                        ? null
                                                        : s.calibration().due().toString())
                                        .put("status", f.calibration().wire())
                                        .put("certificate", s.calibration().certificate())
                                        .put(
                                                "readings_after_due",
                                                s.calibration().readingsAfterDue())));
            }
            assets.add(new JsonObject()
                    .put("asset", a.asset())
                    .put("name", a.name())
                    .put("kind", a.kind())
                    .put("limits", new JsonObject().put("min_c", a.minC()).put("max_c", a.maxC()))
                    .put("time_out_of_range_s", seconds(a.timeOutOfRange()))
                    .put("sensors", sensors)
                    .put("excursions", Json.excursions(a.excursions(), log.excursionsConnected(), zone)));
        }
        JsonArray checks = new JsonArray();
        for (ComplianceReport.SensorIntegrity si : r.integrity()) {
            IntegrityCheck.Report i = si.check();
            checks.add(new JsonObject()
                    .put("sensor", si.sensor())
                    .put("utc_days_from", i.from().toString())
                    .put("utc_days_to", i.to().toString())
                    .put("seals_checked", i.sealsChecked())
                    .put("intact", i.intact())
                    .put("mismatches", i.mismatches().size())
                    .put("unsealed_days", i.unsealed().size())
                    .put("late_data_pending", i.lateDataPending().size())
                    .put("purged_days", i.purged().size()));
        }
        return new JsonObject()
                .put("report", "compliance")
                .put("tenant", log.site().tenant())
                .put(
                        "site",
                        new JsonObject()
                                .put("site", log.site().site())
                                .put("name", log.site().name())
                                .put("kind", log.site().kind())
                                .put("region", log.site().region())
                                .put("address", log.site().address()))
                .put("timezone", zone.getId())
                .put("period", r.kind().wire())
                .put("first_day", r.period().first().toString())
                .put("last_day", r.period().last().toString())
                .put("from", time(log.from()))
                .put("to", time(log.to()))
                .put("from_local", LocalTimes.rfc3339(log.from(), zone))
                .put("to_local", LocalTimes.rfc3339(log.to(), zone))
                .put("complete", r.complete())
                .put("generated_at", time(log.generatedAt()))
                .put("generated_by", log.generatedBy())
                .put(
                        "summary",
                        new JsonObject()
                                .put("sensors", r.sensorCount())
                                .put("sensors_meeting_required_interval", r.sensorsMeetingInterval())
                                .put("compliance_threshold", ComplianceReport.COMPLIANCE_THRESHOLD)
                                .put("excursions", log.excursionsConnected() ? r.excursionCount() : null)
                                .put("seals_checked", r.sealsChecked())
                                .put("integrity_intact", r.intact()))
                .put("excursions_connected", log.excursionsConnected())
                .put("assets", assets)
                .put("site_excursions", Json.excursions(log.siteExcursions(), log.excursionsConnected(), zone))
                .put("integrity", checks)
                .put("integrity_days", "UTC")
                .toBuffer();
    }
}
